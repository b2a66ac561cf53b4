@users
Feature: Sessions, tokens and JWTs the server makes for a user
  A server may sign a user in without a password: `createSession` answers the session with
  its secret, which works as the session cookie or as `X-Appwrite-Session`; `createToken`
  answers a short-lived secret a client exchanges once for a session at
  `POST /account/sessions/token`; `createJWT` answers a JWT for `X-Appwrite-JWT`, bound to a
  session or to none. The server also lists a user's sessions and ends them.

  @id:users-session-secret @op:users.createSession @op:users.listSessions
  Scenario: A server-made session's secret works as the session header and as the cookie
    Given a user "alice"
    When the server sends POST /users/{alice.id}/sessions
    Then the response status is 201
    And the response body matches:
      """
      {"userId": "{alice.id}", "provider": "server", "factors": ["server"], "current": false}
      """
    And the response field "secret" is remembered as "secret"
    And the response field "$id" is remembered as "session"
    Given the next request carries header "X-Appwrite-Session: {secret}"
    When a guest sends GET /account
    Then the response status is 200
    And the response field "$id" is "{alice.id}"
    Given the next request carries header "Cookie: a_session_{project}={secret}"
    When a guest sends GET /account
    Then the response field "$id" is "{alice.id}"
    When the server sends GET /users/{alice.id}/sessions
    Then the response status is 200
    And the response field "total" is 1
    And the response field "sessions.0.$id" is "{session}"
    And the response field "sessions.0.secret" is ""
    When the server sends POST /users/nobody-{new-id}/sessions
    Then the request fails with 404 "user_not_found"

  @id:users-sessions-list @op:users.listSessions
  Scenario: A user's sessions are listed, counted only when asked, and none is current for the server
    Given a signed-in user "alice"
    When the server sends GET /users/{alice.id}/sessions
    Then the response status is 200
    And the response field "total" is 1
    And the response field "sessions.0.$id" is "{alice.sessionId}"
    And the response field "sessions.0.provider" is "email"
    And the response field "sessions.0.current" is false
    When the server sends GET /users/{alice.id}/sessions?total=false
    Then the response field "total" is 0
    And the response field "sessions.0.$id" is "{alice.sessionId}"
    When the server sends GET /users/nobody-{new-id}/sessions
    Then the request fails with 404 "user_not_found"

  @id:users-session-delete @op:users.deleteSession
  Scenario: Ending one session signs the user out of it
    Given a signed-in user "alice"
    When the server sends DELETE /users/{alice.id}/sessions/{alice.sessionId}
    Then the response status is 204
    When "alice" sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"
    When the server sends DELETE /users/{alice.id}/sessions/{alice.sessionId}
    Then the request fails with 404 "user_session_not_found"

  @id:users-sessions-delete @op:users.deleteSessions
  Scenario: Ending all sessions signs the user out everywhere
    Given a signed-in user "alice"
    When the server sends POST /users/{alice.id}/sessions
    Then the response field "secret" is remembered as "secret"
    When the server sends DELETE /users/{alice.id}/sessions
    Then the response status is 204
    When "alice" sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"
    Given the next request carries header "X-Appwrite-Session: {secret}"
    When a guest sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"
    When the server sends GET /users/{alice.id}/sessions
    Then the response field "total" is 0

  @id:users-token-exchange @op:users.createToken
  Scenario: A token of the asked length is exchanged once for a session
    Given a user "alice"
    When the server sends POST /users/{alice.id}/tokens with:
      """
      {"length": 12, "expire": 600}
      """
    Then the response status is 201
    And the response field "userId" is "{alice.id}"
    And the response field "secret" has 12 characters
    And the response field "expire" is remembered as "expire"
    And the response field "secret" is remembered as "token"
    When a guest sends POST /account/sessions/token with:
      """
      {"userId": "{alice.id}", "secret": "{token}"}
      """
    Then the response status is 201
    And the response field "userId" is "{alice.id}"
    And the response sets a session cookie remembered as "cookie"
    Given the next request carries header "Cookie: a_session_{project}={cookie}"
    When a guest sends GET /account
    Then the response field "$id" is "{alice.id}"
    When a guest sends POST /account/sessions/token with:
      """
      {"userId": "{alice.id}", "secret": "{token}"}
      """
    Then the request fails with 401 "user_invalid_token"

  @id:users-token-defaults @op:users.createToken
  Scenario: A token is six characters by default, and its length and life have bounds
    Given a user "alice"
    When the server sends POST /users/{alice.id}/tokens
    Then the response status is 201
    And the response field "secret" has 6 characters
    And the response field "expire" is a datetime within 960 seconds of now
    When the server sends POST /users/{alice.id}/tokens with:
      """
      {"length": 3}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends POST /users/{alice.id}/tokens with:
      """
      {"expire": 59}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends POST /users/nobody-{new-id}/tokens
    Then the request fails with 404 "user_not_found"

  @id:users-token-wrong @op:users.createToken
  Scenario: A wrong token secret, or another user's token, is refused
    Given a user "alice"
    And a user "bob"
    When the server sends POST /users/{alice.id}/tokens
    Then the response field "secret" is remembered as "token"
    When a guest sends POST /account/sessions/token with:
      """
      {"userId": "{bob.id}", "secret": "{token}"}
      """
    Then the request fails with 401 "user_invalid_token"
    When a guest sends POST /account/sessions/token with:
      """
      {"userId": "{alice.id}", "secret": "{token}0"}
      """
    Then the request fails with 401 "user_invalid_token"

  @id:users-jwt-session @op:users.createJWT
  Scenario: A JWT bound to a session works until that session ends
    Given a signed-in user "alice"
    When the server sends POST /users/{alice.id}/jwts with:
      """
      {"sessionId": "{alice.sessionId}"}
      """
    Then the response status is 201
    And the response field "jwt" is remembered as "jwt"
    Given the next request carries header "X-Appwrite-JWT: {jwt}"
    When a guest sends GET /account
    Then the response status is 200
    And the response field "$id" is "{alice.id}"
    When the server sends DELETE /users/{alice.id}/sessions/{alice.sessionId}
    Given the next request carries header "X-Appwrite-JWT: {jwt}"
    When a guest sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"

  @id:users-jwt-recent @op:users.createJWT
  Scenario: sessionId "recent" binds the JWT to the newest session
    Given a signed-in user "alice"
    When the server sends POST /users/{alice.id}/jwts with:
      """
      {"sessionId": "recent"}
      """
    Then the response field "jwt" is remembered as "jwt"
    Given the next request carries header "X-Appwrite-JWT: {jwt}"
    When a guest sends GET /account
    Then the response field "$id" is "{alice.id}"
    When the server sends DELETE /users/{alice.id}/sessions
    Given the next request carries header "X-Appwrite-JWT: {jwt}"
    When a guest sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"

  @id:users-jwt-expiry @op:users.createJWT
  Scenario: A JWT without a session works for its duration, then is refused
    Given a user "alice"
    And the time 2 seconds from now is remembered as "expiry"
    When the server sends POST /users/{alice.id}/jwts with:
      """
      {"duration": 2}
      """
    Then the response status is 201
    And the response field "jwt" is remembered as "jwt"
    Given the next request carries header "X-Appwrite-JWT: {jwt}"
    When a guest sends GET /account
    Then the response field "$id" is "{alice.id}"
    When the time "expiry" has passed
    Given the next request carries header "X-Appwrite-JWT: {jwt}"
    When a guest sends GET /account
    Then the request fails with 401 "user_jwt_invalid"
    When the server sends POST /users/{alice.id}/jwts with:
      """
      {"duration": 3601}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:users-sessions-client-scope @op:users.createSession @op:users.deleteSession @op:users.deleteSessions
  Scenario: Clients get past the scope of the session-writing routes, and the sessions' permissions decide
    Appwrite 1.9.x gives these three routes the scopes users.write and sessions.write, and one
    of them is enough: guests and signed-in users hold sessions.write. What follows is up to the
    documents: a client sees only its own sessions, and may delete only those.
    Given a signed-in user "alice"
    And a signed-in user "bob"
    When a guest sends POST /users/{new-id:nobody}/sessions
    Then the request fails with 404 "user_not_found"
    When "bob" sends DELETE /users/{new-id:nobody}/sessions
    Then the request fails with 404 "user_not_found"
    When a guest sends DELETE /users/{alice.id}/sessions/{alice.sessionId}
    Then the request fails with 404 "user_session_not_found"
    When "bob" sends DELETE /users/{alice.id}/sessions/{alice.sessionId}
    Then the request fails with 404 "user_session_not_found"
    When "bob" sends DELETE /users/{alice.id}/sessions
    Then the request fails with 401 "user_unauthorized"
    When "alice" sends GET /account
    Then the response status is 200
    When "alice" sends DELETE /users/{alice.id}/sessions/{alice.sessionId}
    Then the response status is 204
    When "alice" sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"

  @id:users-session-delete-by-id @op:users.deleteSession
  Scenario: A session is found by its ID alone, whichever user the path names
    Given a signed-in user "alice"
    And a user "bob"
    When the server sends DELETE /users/{bob.id}/sessions/{alice.sessionId}
    Then the response status is 204
    When "alice" sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"
