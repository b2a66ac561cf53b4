@account
Feature: Email and password sessions
  POST /account/sessions/email signs a user in. The session travels in the cookie
  `a_session_<project>` (with a `_legacy` twin for old browsers); where a browser refuses
  third-party cookies, the client echoes the X-Fallback-Cookies header back instead.
  The session `secret` is only returned to a server calling with an API key (server-side
  rendering): such a server passes it on as X-Appwrite-Session.

  @id:sessions-create @op:account.createEmailPasswordSession
  Scenario: A user signs in and receives a session cookie
    Given a user "alice"
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{alice.email}", "password": "{alice.password}"}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"$id": "<non-empty string>", "userId": "{alice.id}", "provider": "email", "current": true, "expire": "<datetime>", "secret": ""}
      """
    And the response header "Set-Cookie" contains "a_session_{project}="
    And the response header "Set-Cookie" contains "a_session_{project}_legacy="
    And the response header "Set-Cookie" contains "httponly"
    And the response header "X-Fallback-Cookies" contains "a_session_{project}"

  @id:sessions-create-wrong-password @op:account.createEmailPasswordSession
  Scenario: A wrong password is refused without saying which part was wrong
    Given a user "alice"
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{alice.email}", "password": "not-{alice.password}"}
      """
    Then the request fails with 401 "user_invalid_credentials"

  @id:sessions-create-unknown-email @op:account.createEmailPasswordSession
  Scenario: An unknown email is refused the same way
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{new-id:nobody}@conform.test", "password": "password1234"}
      """
    Then the request fails with 401 "user_invalid_credentials"

  @id:sessions-create-invalid @op:account.createEmailPasswordSession
  Scenario Outline: A sign-in without a password or with a malformed email is a bad request (<case>)
    Sign-in attempts are limited per email address, counted before the input is checked. A
    request without any email spends one budget that every client of the project shares (10
    an hour), so these bad requests each name an address of their own.

    When a guest sends POST /account/sessions/email with:
      """
      <body>
      """
    Then the request fails with 400 "general_argument_invalid"

    Examples:
      | case            | body                                                        |
      | no password     | {"email": "{new-id:nopassword}@conform.test"}               |
      | malformed email | {"email": "{new-id:malformed}", "password": "password1234"} |

  @id:sessions-create-twice @op:account.createEmailPasswordSession
  Scenario: A signed-in user cannot open a second session over the first
    Given a signed-in user "alice"
    When "alice" sends POST /account/sessions/email with:
      """
      {"email": "{alice.email}", "password": "{alice.password}"}
      """
    Then the request fails with 401 "user_session_already_exists"

  @id:sessions-server-side @op:account.createEmailPasswordSession @op:account.get
  Scenario: A server signs a user in and acts for them with the session secret
    Given a user "alice"
    When the server sends POST /account/sessions/email with:
      """
      {"email": "{alice.email}", "password": "{alice.password}"}
      """
    Then the response status is 201
    And the response field "secret" is "<non-empty string>"
    Given "alice" is signed in through the server
    When "alice" with the session header sends GET /account
    Then the response status is 200
    And the response field "$id" is "{alice.id}"

  @id:sessions-fallback-cookies @op:account.get
  Scenario: The X-Fallback-Cookies header stands in for the cookie
    Given a signed-in user "alice"
    When "alice" with fallback cookies sends GET /account
    Then the response status is 200
    And the response field "$id" is "{alice.id}"

  @id:sessions-debug-fallback-header @op:account.get
  Scenario Outline: Every answer says whether the server had to look in X-Fallback-Cookies (<who>)
    Appwrite reads the session from the cookie, then from `X-Appwrite-Session`; only when
    neither holds one does it look in `X-Fallback-Cookies`, and it says which on every answer
    in `X-Debug-Fallback` (a debugging aid for clients whose cookies are blocked).

    Given a user "alice"
    And "alice" is signed in through the server
    And "alice" is signed in
    When <who> sends GET /account
    Then the response status is <status>
    And the response header "X-Debug-Fallback" is "<looked>"

    Examples:
      | who                             | status | looked |
      | "alice"                         | 200    | false  |
      | "alice" with the session header | 200    | false  |
      | "alice" with fallback cookies   | 200    | true   |
      | a guest                         | 401    | true   |

  @id:sessions-list @op:account.listSessions
  Scenario: A user lists their sessions, the current one marked
    Given a signed-in user "alice"
    When "alice" sends GET /account/sessions
    Then the response status is 200
    And the response body matches:
      """
      {"total": 1, "sessions": [{"$id": "{alice.sessionId}", "userId": "{alice.id}", "current": true, "secret": ""}]}
      """

  @id:sessions-get @op:account.getSession
  Scenario: A session is read by its ID, or as "current"
    Given a signed-in user "alice"
    When "alice" sends GET /account/sessions/{alice.sessionId}
    Then the response status is 200
    And the response field "$id" is "{alice.sessionId}"
    When "alice" sends GET /account/sessions/current
    Then the response status is 200
    And the response field "$id" is "{alice.sessionId}"
    And the response field "current" is true

  @id:sessions-get-unknown @op:account.getSession
  Scenario: An unknown session ID is a 404
    Given a signed-in user "alice"
    When "alice" sends GET /account/sessions/{new-id:nosession}
    Then the request fails with 404 "user_session_not_found"

  @id:sessions-delete @op:account.deleteSession @op:account.get @ip-budget
  Scenario: Signing out ends the session
    Given a signed-in user "alice"
    When "alice" sends DELETE /account/sessions/current
    Then the response status is 204
    And the response body is empty
    When "alice" sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"

  @id:sessions-delete-all @op:account.deleteSessions @op:account.listSessions @ip-budget
  Scenario: Signing out everywhere ends every session of the user
    Given a user "alice"
    And "alice" is signed in through the server
    And "alice" is signed in
    When "alice" sends GET /account/sessions
    Then the response status is 200
    And the response field "total" is 2
    When "alice" sends DELETE /account/sessions
    Then the response status is 204
    And the response header "X-Fallback-Cookies" is "[]"
    When "alice" with the session header sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"
    When "alice" sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"

  @id:sessions-key-and-session @op:account.get @op:users.get
  Scenario: An API key beside a session wins: the request is the key's
    A project key never acts as a user, so it cannot read an account. (403
    `user_api_key_and_session_set` is for account keys, which name their user in
    X-Appwrite-User.)

    Given a signed-in user "alice"
    When the server with "alice"'s session sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"
    When the server with "alice"'s session sends GET /users/{alice.id}
    Then the response status is 200
    And the response field "$id" is "{alice.id}"

  @id:sessions-fallback-holds-cookie @op:account.createEmailPasswordSession
  Scenario: The X-Fallback-Cookies of a sign-in carries the session cookie's token
    Without an `Origin` on the API's own site (no Origin at all, or one on another domain)
    Appwrite cannot count on the cookie reaching it again, so every sign-in answer also
    carries the cookie as JSON for the client to store and echo.

    Given a user "alice"
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{alice.email}", "password": "{alice.password}"}
      """
    Then the response status is 201
    And the response header "X-Fallback-Cookies" holds the session cookie

  @id:sessions-cookie-attributes @op:account.createEmailPasswordSession
  Scenario: The session cookies are HttpOnly, for the whole site, and cross-site capable
    Given a user "alice"
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{alice.email}", "password": "{alice.password}"}
      """
    Then the response status is 201
    And the response header "Set-Cookie" contains "samesite=none"
    And the response header "Set-Cookie" contains "path=/"
    And the response header "Set-Cookie" contains "expires="

  @id:sessions-legacy-cookie @op:account.get
  Scenario: The _legacy twin cookie alone is a session too
    Given a signed-in user "alice"
    When "alice" with the legacy cookie only sends GET /account
    Then the response status is 200
    And the response field "$id" is "{alice.id}"

  @id:sessions-sign-out-clears-fallback @op:account.deleteSession @ip-budget
  Scenario: Signing out empties the session cookies and the fallback cookies
    Given a signed-in user "alice"
    When "alice" sends DELETE /account/sessions/current
    Then the response status is 204
    And the response header "X-Fallback-Cookies" is "[]"
    And the response header "Set-Cookie" contains "a_session_{project}="
    And the response header "Set-Cookie" contains "a_session_{project}_legacy="

  @id:sessions-delete-other-keeps-cookies @op:account.deleteSession @op:account.get @ip-budget
  Scenario: Ending another of one's sessions leaves this one's cookies alone
    Given a user "alice"
    And "alice" is signed in through the server
    And "alice" is signed in
    When "alice" with the session header sends DELETE /account/sessions/{alice.sessionId}
    Then the response status is 204
    And the response has no header "X-Fallback-Cookies"
    And the response has no header "Set-Cookie"
    When "alice" with the session header sends GET /account
    Then the response status is 200
    When "alice" sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"

  @id:sessions-broken-credentials-are-guests @op:account.get
  Scenario Outline: A session header that holds no session counts as none (<header>)
    Given the next request carries header "<header>: <value>"
    When a guest sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"

    Examples:
      | header             | value                          |
      | X-Appwrite-Session | not-a-session                  |
      | X-Fallback-Cookies | not json                       |
      | X-Fallback-Cookies | []                             |

  @id:sessions-create-alias @op:account.createEmailPasswordSession
  Scenario: POST /account/sessions is still the email and password sign-in
    Given a user "alice"
    When a guest sends POST /account/sessions with:
      """
      {"email": "{alice.email}", "password": "{alice.password}"}
      """
    Then the response status is 201
    And the response field "userId" is "{alice.id}"
    And the response field "provider" is "email"
