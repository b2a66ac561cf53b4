@users
Feature: A user's messaging targets
  A target is where messages to a user go: an email address, a phone number (sms) or a push
  token. Appwrite makes the email target of a user with an email itself. Identifiers are
  checked for their type (`general_invalid_email`, `general_invalid_phone`), and an ID or
  identifier already used is 409 `user_target_already_exists`.

  @id:users-targets-lifecycle @op:users.createTarget @op:users.getTarget @op:users.updateTarget @op:users.deleteTarget
  Scenario: A push target is created, read, renamed and deleted
    Given a user "alice"
    And a new ID remembered as "t"
    When the server sends POST /users/{alice.id}/targets with:
      """
      {"targetId": "{t}", "providerType": "push", "identifier": "device-token-{t}", "name": "Pixel"}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"$id": "{t}", "userId": "{alice.id}", "providerType": "push", "identifier": "device-token-{t}", "name": "Pixel", "expired": false}
      """
    When the server sends GET /users/{alice.id}/targets/{t}
    Then the response status is 200
    And the response field "identifier" is "device-token-{t}"
    When the server sends PATCH /users/{alice.id}/targets/{t} with:
      """
      {"name": "Pixel 9", "identifier": "device-token-{t}-new"}
      """
    Then the response status is 200
    And the response field "name" is "Pixel 9"
    And the response field "identifier" is "device-token-{t}-new"
    When the server sends DELETE /users/{alice.id}/targets/{t}
    Then the response status is 204
    When the server sends GET /users/{alice.id}/targets/{t}
    Then the request fails with 404 "user_target_not_found"

  @id:users-targets-list @op:users.listTargets
  Scenario: The list holds the email target Appwrite made and the ones added, and filters
    Given a user "alice"
    And a new phone number remembered as "number"
    When the server sends POST /users/{alice.id}/targets with:
      """
      {"targetId": "{new-id:sms}", "providerType": "sms", "identifier": "{number}"}
      """
    Then the response status is 201
    When the server sends GET /users/{alice.id}/targets
    Then the response status is 200
    And the response field "total" is 2
    And the response field "targets.0.providerType" is "email"
    And the response field "targets.0.identifier" is "{alice.email}"
    And the response field "targets.1.identifier" is "{number}"
    When the server sends GET /users/{alice.id}/targets with queries:
      """
      {"method": "equal", "attribute": "providerType", "values": ["sms"]}
      """
    Then the response field "total" is 1
    And the response field "targets.0.providerType" is "sms"
    When the server sends GET /users/{alice.id}/targets?total=false
    Then the response field "total" is 0
    When the server sends GET /users/nobody-{new-id}/targets
    Then the request fails with 404 "user_not_found"

  @id:users-targets-identifiers @op:users.createTarget @op:users.updateTarget
  Scenario: Identifiers must fit their type
    Given a user "alice"
    When the server sends POST /users/{alice.id}/targets with:
      """
      {"targetId": "{new-id:t}", "providerType": "email", "identifier": "not-an-email"}
      """
    Then the request fails with 400 "general_invalid_email"
    When the server sends POST /users/{alice.id}/targets with:
      """
      {"targetId": "{new-id:t}", "providerType": "sms", "identifier": "555-1234"}
      """
    Then the request fails with 400 "general_invalid_phone"
    When the server sends POST /users/{alice.id}/targets with:
      """
      {"targetId": "{new-id:t}", "providerType": "pigeon", "identifier": "coop"}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends GET /users/{alice.id}/targets
    Then the response field "targets.0.$id" is remembered as "email"
    When the server sends PATCH /users/{alice.id}/targets/{email} with:
      """
      {"identifier": "still-not-an-email"}
      """
    Then the request fails with 400 "general_invalid_email"

  @id:users-targets-conflicts @op:users.createTarget
  Scenario: A target ID or identifier already used is 409 user_target_already_exists
    Given a user "alice"
    And a user "bob"
    And a new ID remembered as "t"
    When the server sends POST /users/{alice.id}/targets with:
      """
      {"targetId": "{t}", "providerType": "push", "identifier": "token-{t}"}
      """
    Then the response status is 201
    When the server sends POST /users/{alice.id}/targets with:
      """
      {"targetId": "{t}", "providerType": "push", "identifier": "token-{t}-other"}
      """
    Then the request fails with 409 "user_target_already_exists"
    When the server sends POST /users/{bob.id}/targets with:
      """
      {"targetId": "{new-id:t}", "providerType": "email", "identifier": "{alice.email}"}
      """
    Then the request fails with 409 "user_target_already_exists"
    When the server sends POST /users/nobody-{new-id}/targets with:
      """
      {"targetId": "{new-id:t}", "providerType": "push", "identifier": "token-{new-id}"}
      """
    Then the request fails with 404 "user_not_found"

  @id:users-targets-other-user @op:users.getTarget @op:users.deleteTarget
  Scenario: Another user's target is not found through this user
    Given a user "alice"
    And a user "bob"
    And a new ID remembered as "t"
    When the server sends POST /users/{alice.id}/targets with:
      """
      {"targetId": "{t}", "providerType": "push", "identifier": "token-{t}"}
      """
    Then the response status is 201
    When the server sends GET /users/{bob.id}/targets/{t}
    Then the request fails with 404 "user_target_not_found"
    When the server sends DELETE /users/{bob.id}/targets/{t}
    Then the request fails with 404 "user_target_not_found"
    When the server sends GET /users/{alice.id}/targets/{t}
    Then the response status is 200
