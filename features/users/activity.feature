@users
Feature: What a user did and belongs to: logs, memberships, identities
  `listLogs` shows the user's audit events, newest first (sign-ins are `session.create`,
  sign-outs `session.delete`, changes the server makes to the user `user.update`), paged with
  `limit` and `offset` queries only. `listMemberships` lists the user's teams. Identities are
  OAuth2 sign-ins; a user who never used OAuth2 has none.

  @id:users-logs-events @op:users.listLogs @ip-budget
  Scenario: Sign-in, sign-out and a name change appear in the user's logs, newest first
    Given a signed-in user "alice"
    When "alice" sends DELETE /account/sessions/current
    Then the response status is 204
    When the server sends PATCH /users/{alice.id}/name with:
      """
      {"name": "Alice L."}
      """
    And the server sends GET /users/{alice.id}/logs
    Then the response status is 200
    And the response field "total" is 3
    And the response body matches:
      """
      {"logs": [{"event": "user.update", "userId": "{alice.id}"}, {"event": "session.delete", "userId": "{alice.id}"},
                {"event": "session.create", "userId": "{alice.id}", "userEmail": "{alice.email}", "userName": "alice"}]}
      """
    And the response field "logs.2.time" is a datetime within 120 seconds of now

  @id:users-logs-paging @op:users.listLogs @ip-budget
  Scenario: Logs page with limit and offset, count only when asked, and take no other query
    Given a signed-in user "alice"
    When "alice" sends DELETE /account/sessions/current
    And the server sends GET /users/{alice.id}/logs with queries:
      """
      {"method": "limit", "values": [1]}
      {"method": "offset", "values": [1]}
      """
    Then the response status is 200
    And the response field "total" is 2
    And the response field "logs" is [{"event": "session.create"}]
    When the server sends GET /users/{alice.id}/logs?total=false
    Then the response field "total" is 0
    When the server sends GET /users/{alice.id}/logs with queries:
      """
      {"method": "equal", "attribute": "event", "values": ["session.create"]}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends GET /users/nobody-{new-id}/logs
    Then the request fails with 404 "user_not_found"

  @id:users-memberships @op:users.listMemberships
  Scenario: A user's memberships are listed with their team
    Given a user "alice"
    And a team "t" named "Readers"
    And "alice" is a member of "t" with roles ["editor"]
    When the server sends GET /users/{alice.id}/memberships
    Then the response status is 200
    And the response field "total" is 1
    And the response body matches:
      """
      {"memberships": [{"userId": "{alice.id}", "teamId": "{t}", "teamName": "Readers", "roles": ["editor"], "confirm": true}]}
      """
    When the server sends GET /users/{alice.id}/memberships with queries:
      """
      {"method": "equal", "attribute": "teamId", "values": ["nothing-{new-id}"]}
      """
    Then the response field "total" is 0
    When the server sends GET /users/nobody-{new-id}/memberships
    Then the request fails with 404 "user_not_found"

  @id:users-memberships-total-is-page @op:users.listMemberships
  Scenario: The total of a user's memberships counts the page returned, not every membership
    Appwrite 1.9.x answers this list with the size of the page it found, so a limit caps the
    total as well; total=false gives 0.
    Given a user "alice"
    And a team "first"
    And a team "second"
    And "alice" is a member of "first"
    And "alice" is a member of "second"
    When the server sends GET /users/{alice.id}/memberships
    Then the response field "total" is 2
    When the server sends GET /users/{alice.id}/memberships with queries:
      """
      {"method": "limit", "values": [1]}
      """
    Then the response body matches:
      """
      {"total": 1, "memberships": [{"teamId": "{first}"}]}
      """
    When the server sends GET /users/{alice.id}/memberships?total=false
    Then the response field "total" is 0

  @id:users-identities @op:users.listIdentities @op:users.deleteIdentity
  Scenario: A user who never signed in with OAuth2 has no identities, and an unknown one is 404
    Given a user "alice"
    When the server sends GET /users/identities with queries:
      """
      {"method": "equal", "attribute": "userId", "values": ["{alice.id}"]}
      """
    Then the response status is 200
    And the response field "total" is 0
    And the response field "identities" is []
    When the server sends GET /users/identities with queries:
      """
      {"method": "equal", "attribute": "password", "values": ["x"]}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends DELETE /users/identities/nothing-{new-id}
    Then the request fails with 404 "user_identity_not_found"
