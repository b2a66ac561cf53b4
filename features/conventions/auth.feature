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
    Then the response status is 401

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
