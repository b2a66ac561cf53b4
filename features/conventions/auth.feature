@conventions
Feature: Who may call what: API keys, scopes and roles
  Each route names the scopes it needs. An API key holds the scopes it was created with;
  a guest holds the guest scopes (for example `sessions.write`, `files.read`), a signed-in
  user the user scopes (for example `account`, `teams.read`). A caller without any of a
  route's scopes gets 401 `general_unauthorized_scope`.

  @id:auth-guest-key-only-route @op:users.list
  Scenario: A guest cannot use a server-only route
    When a guest sends GET /users
    Then the request fails with 401 "general_unauthorized_scope"

  @id:auth-user-key-only-route @op:users.list
  Scenario: A signed-in user cannot use a server-only route either
    Given a signed-in user "alice"
    When "alice" sends GET /users
    Then the request fails with 401 "general_unauthorized_scope"

  @id:auth-key-with-scope @op:users.list @needs:read-only-key
  Scenario: A key holding users.read may list users
    Given a user "alice"
    When a read-only key sends GET /users
    Then the response status is 200
    And the response field "total" is "<integer>"
    And the response field "users" is "<array>"

  @id:auth-key-missing-scope @op:users.create @needs:read-only-key
  Scenario: A key without users.write may not create users
    When a read-only key sends POST /users with:
      """
      {"userId": "{new-id:ro}", "email": "{new-id:ro}@conform.test", "password": "password1234"}
      """
    Then the request fails with 401 "general_unauthorized_scope"

  @id:auth-key-unknown @op:users.list
  Scenario: A key the project does not know is refused
    Given the next request carries header "X-Appwrite-Key: not-a-real-key-{new-id}"
    When a guest sends GET /users
    Then the request fails with 401 "user_unauthorized"

  @id:auth-key-unknown-on-open-route @op:general.ping
  Scenario: A wrong key is refused even where a guest would be served
    Given the next request carries header "X-Appwrite-Key: not-a-real-key-{new-id}"
    When a guest sends GET /ping
    Then the request fails with 401 "user_unauthorized"

  @id:auth-scope-message-guest @op:users.list
  Scenario: The refusal names the role and the scopes the route wanted
    When a guest sends GET /users
    Then the request fails with 401 "general_unauthorized_scope"
    And the error message contains 'User (role: guests) missing scopes (["users.read"])'

  @id:auth-scope-message-user @op:users.list
  Scenario: For a signed-in user the refusal names them by email
    Given a signed-in user "alice"
    When "alice" sends GET /users
    Then the request fails with 401 "general_unauthorized_scope"
    And the error message contains '{alice.email} (role: users) missing scopes'

  @id:auth-guest-scopes @op:teams.list @op:storage.listBuckets @op:databases.list
  Scenario Outline: Guests hold only the public scopes (<path>)
    When a guest sends GET <path>
    Then the request fails with 401 "general_unauthorized_scope"

    Examples:
      | path             |
      | /teams           |
      | /storage/buckets |
      | /databases       |

  @id:auth-user-scopes @op:teams.list @op:account.listSessions
  Scenario: A signed-in user holds the account and teams scopes, not the server's
    Given a signed-in user "alice"
    When "alice" sends GET /teams
    Then the response status is 200
    When "alice" sends GET /account/sessions
    Then the response status is 200
    When "alice" sends GET /storage/buckets
    Then the request fails with 401 "general_unauthorized_scope"

  @id:auth-key-no-account @op:account.get
  Scenario: An API key is no user: it cannot read an account
    When the server sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"

  @id:auth-ping-any-principal @op:general.ping
  Scenario Outline: The ping answers <who>
    Given a signed-in user "alice"
    When <who> sends GET /ping
    Then the response status is 200
    And the response body is the text "Pong!"

    Examples:
      | who        |
      | the server |
      | "alice"    |

  @id:auth-key-scopes-whole @op:users.get @op:users.delete
  Scenario: The server key reads and deletes what it created
    Given a user "alice"
    When the server sends GET /users/{alice.id}
    Then the response status is 200
    And the response body matches:
      """
      {"$id": "{alice.id}", "email": "{alice.email}", "name": "alice", "status": true}
      """
    When the server sends DELETE /users/{alice.id}
    Then the response status is 204
    When the server sends GET /users/{alice.id}
    Then the request fails with 404 "user_not_found"
