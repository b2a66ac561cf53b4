@users
Feature: Users: creating, finding, changing and deleting users with the server key
  The Users service is for servers (an API key with `users.read` / `users.write`). A user may
  be made with any of email, phone, password and name; IDs, emails and phone numbers are
  unique (409 `user_already_exists`). The user model a key reads carries the password hash,
  its algorithm (`hash`) and options (`hashOptions`), the labels, the verification flags and
  the messaging targets Appwrite makes for the email and phone.

  @id:users-create-full @op:users.create
  Scenario: A user made with email, phone, password and name reads back with its targets
    Given a new ID remembered as "u"
    And a new phone number remembered as "number"
    When the server sends POST /users with:
      """
      {"userId": "{u}", "email": "{u}@Conform.Test", "phone": "{number}", "password": "password-1234", "name": "Uma"}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"$id": "{u}", "email": "{u}@conform.test", "name": "Uma", "status": true, "labels": [], "emailVerification": false,
       "phoneVerification": false, "mfa": false, "prefs": {}, "hash": "argon2", "hashOptions": {"type": "argon2"}}
      """
    And the response field "targets.0.providerType" is "email"
    And the response field "targets.0.identifier" is "{u}@conform.test"
    And the response field "targets.1.providerType" is "sms"
    And the response field "targets.1.identifier" is "{number}"
    And the response field "phone" is "{number}"
    And the response field "password" contains "$argon2"

  @id:users-create-minimal @op:users.create
  Scenario: A user needs only an ID: no email, phone or password
    Given a new ID remembered as "u"
    When the server sends POST /users with:
      """
      {"userId": "{u}"}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"$id": "{u}", "email": "", "phone": "", "name": "", "targets": [], "passwordUpdate": ""}
      """

  @id:users-create-duplicates @op:users.create
  Scenario Outline: Reusing a user's <what> is 409 user_already_exists
    Given a user "alice"
    When the server sends POST /users with:
      """
      <body>
      """
    Then the request fails with 409 "user_already_exists"

    Examples:
      | what  | body                                                                     |
      | ID    | {"userId": "{alice.id}", "email": "{new-id:other}@conform.test"}          |
      | email | {"userId": "{new-id:other}", "email": "{alice.email}"}                    |

  @id:users-create-duplicate-phone @op:users.create @op:users.updatePhone
  Scenario: Reusing a phone number is 409 user_already_exists
    Given a user "alice"
    And a new ID remembered as "u"
    And a new phone number remembered as "number"
    When the server sends PATCH /users/{alice.id}/phone with:
      """
      {"number": "{number}"}
      """
    Then the response status is 200
    When the server sends POST /users with:
      """
      {"userId": "{u}", "phone": "{number}"}
      """
    Then the request fails with 409 "user_already_exists"

  @id:users-create-invalid @op:users.create
  Scenario Outline: A bad <param> is 400 general_argument_invalid
    When the server sends POST /users with:
      """
      <body>
      """
    Then the request fails with 400 "general_argument_invalid"

    Examples:
      | param    | body                                                        |
      | email    | {"userId": "{new-id:u}", "email": "not-an-email"}           |
      | phone    | {"userId": "{new-id:u}", "phone": "555-1234"}               |
      | password | {"userId": "{new-id:u}", "password": "short"}               |
      | name     | {"userId": "{new-id:u}", "name": 42}                        |
      | userId   | {"userId": "-bad-start"}                                    |

  @id:users-get-unknown @op:users.get @op:users.delete
  Scenario: An unknown user is 404 user_not_found to read and to delete
    When the server sends GET /users/nobody-{new-id}
    Then the request fails with 404 "user_not_found"
    When the server sends DELETE /users/nobody-{new-id}
    Then the request fails with 404 "user_not_found"

  @id:users-list-search @op:users.list
  Scenario: The list finds users by search, filters by queries, and counts only when asked
    Given a user "alice"
    And a user "bob"
    When the server sends GET /users?search={alice.id}
    Then the response status is 200
    And the response field "total" is 1
    And the response field "users.0.$id" is "{alice.id}"
    When the server sends GET /users with queries:
      """
      {"method": "equal", "attribute": "email", "values": ["{bob.email}"]}
      """
    Then the response field "total" is 1
    And the response field "users.0.name" is "bob"
    When the server sends GET /users?search={alice.id}&total=false
    Then the response field "total" is 0
    And the response field "users.0.$id" is "{alice.id}"

  @id:users-list-filters-paging @op:users.list
  Scenario: The users list filters on status, verification and labels, and pages with cursors
    Given a user "alice"
    And a user "bob"
    And a user "carol"
    When the server sends PATCH /users/{bob.id}/status with:
      """
      {"status": false}
      """
    Then the response status is 200
    When the server sends PATCH /users/{carol.id}/verification with:
      """
      {"emailVerification": true}
      """
    Then the response status is 200
    When the server sends PUT /users/{carol.id}/labels with:
      """
      {"labels": ["vip"]}
      """
    Then the response status is 200
    When the server sends GET /users with queries:
      """
      {"method":"equal","attribute":"$id","values":["{alice.id}", "{bob.id}", "{carol.id}"]}
      {"method":"equal","attribute":"status","values":[false]}
      """
    Then the response body matches:
      """
      {"total": 1, "users": [{"$id": "{bob.id}", "status": false}]}
      """
    When the server sends GET /users with queries:
      """
      {"method":"equal","attribute":"$id","values":["{alice.id}", "{bob.id}", "{carol.id}"]}
      {"method":"equal","attribute":"emailVerification","values":[true]}
      """
    Then the response body matches:
      """
      {"total": 1, "users": [{"$id": "{carol.id}"}]}
      """
    When the server sends GET /users with queries:
      """
      {"method":"equal","attribute":"$id","values":["{alice.id}", "{bob.id}", "{carol.id}"]}
      {"method":"contains","attribute":"labels","values":["vip"]}
      """
    Then the response body matches:
      """
      {"total": 1, "users": [{"$id": "{carol.id}", "labels": ["vip"]}]}
      """
    When the server sends GET /users with queries:
      """
      {"method":"equal","attribute":"$id","values":["{alice.id}", "{bob.id}", "{carol.id}"]}
      {"method":"limit","values":[1]}
      {"method":"cursorAfter","values":["{alice.id}"]}
      """
    Then the response body matches:
      """
      {"total": 3, "users": [{"$id": "{bob.id}"}]}
      """
    When the server sends GET /users with queries:
      """
      {"method":"equal","attribute":"$id","values":["{alice.id}", "{bob.id}", "{carol.id}"]}
      {"method":"limit","values":[1]}
      {"method":"cursorBefore","values":["{carol.id}"]}
      """
    Then the response body matches:
      """
      {"total": 3, "users": [{"$id": "{bob.id}"}]}
      """
    When the server sends GET /users with queries:
      """
      {"method":"cursorAfter","values":["{new-id:unknown}"]}
      """
    Then the request fails with 400 "general_cursor_not_found"
    When the server sends GET /users with queries:
      """
      {"method":"select","values":["name"]}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends GET /users?search=%3E
    Then the response status is 200
    And the response field "users" is []

  @id:users-list-invalid-query @op:users.list
  Scenario: Filtering on an attribute users do not have is refused as an invalid argument
    When the server sends GET /users with queries:
      """
      {"method": "equal", "attribute": "password", "values": ["x"]}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:users-delete-ends-sessions @op:users.delete
  Scenario: Deleting a user ends its sessions
    Given a signed-in user "alice"
    When the server sends DELETE /users/{alice.id}
    Then the response status is 204
    When "alice" sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"

  @id:users-update-name @op:users.updateName
  Scenario: The name changes, and a name over 128 characters is refused
    Given a user "alice"
    When the server sends PATCH /users/{alice.id}/name with:
      """
      {"name": "Alice Liddell"}
      """
    Then the response status is 200
    And the response field "name" is "Alice Liddell"
    When the server sends GET /users/{alice.id}
    Then the response field "name" is "Alice Liddell"
    When the server sends PATCH /users/{alice.id}/name with:
      """
      {"name": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends PATCH /users/nobody-{new-id}/name with:
      """
      {"name": "x"}
      """
    Then the request fails with 404 "user_not_found"

  @id:users-update-email @op:users.updateEmail
  Scenario: A new email is unverified, moves the email target, and signs in
    Given a user "alice"
    And a new ID remembered as "e"
    When the server sends PATCH /users/{alice.id}/verification with:
      """
      {"emailVerification": true}
      """
    And the server sends PATCH /users/{alice.id}/email with:
      """
      {"email": "{e}@conform.test"}
      """
    Then the response status is 200
    And the response field "email" is "{e}@conform.test"
    And the response field "emailVerification" is false
    And the response field "targets.0.identifier" is "{e}@conform.test"
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{e}@conform.test", "password": "{alice.password}"}
      """
    Then the response status is 201

  @id:users-update-email-refusals @op:users.updateEmail
  Scenario: An email another user has, or no email at all, is refused as Appwrite refuses it
    Given a user "alice"
    And a user "bob"
    When the server sends PATCH /users/{alice.id}/email with:
      """
      {"email": "{bob.email}"}
      """
    Then the request fails with 409 "user_target_already_exists"
    When the server sends PATCH /users/{alice.id}/email with:
      """
      {"email": "nope"}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends PATCH /users/{alice.id}/email with:
      """
      {"email": ""}
      """
    Then the response status is 200
    And the response field "email" is ""
    And the response field "targets" is []

  @id:users-update-phone @op:users.updatePhone
  Scenario: A phone number is set (with an sms target), refused when malformed, and removed
    Given a user "alice"
    And a new phone number remembered as "number"
    When the server sends PATCH /users/{alice.id}/phone with:
      """
      {"number": "{number}"}
      """
    Then the response status is 200
    And the response field "phone" is "{number}"
    And the response field "phoneVerification" is false
    And the response field "targets.1.providerType" is "sms"
    And the response field "targets.1.identifier" is "{number}"
    When the server sends PATCH /users/{alice.id}/phone with:
      """
      {"number": "12345"}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends PATCH /users/{alice.id}/phone with:
      """
      {"number": ""}
      """
    Then the response field "phone" is ""

  @id:users-phone-cleared-twice @op:users.updatePhone
  Scenario: Two users may both clear their phone number: no number is no value, not a shared one
    Given a user "alice"
    And a user "bob"
    And a new phone number remembered as "first"
    And a new phone number remembered as "second"
    When the server sends PATCH /users/{alice.id}/phone with:
      """
      {"number": "{first}"}
      """
    Then the response status is 200
    When the server sends PATCH /users/{bob.id}/phone with:
      """
      {"number": "{second}"}
      """
    Then the response status is 200
    When the server sends PATCH /users/{alice.id}/phone with:
      """
      {"number": ""}
      """
    Then the response status is 200
    And the response field "phone" is ""
    When the server sends PATCH /users/{bob.id}/phone with:
      """
      {"number": ""}
      """
    Then the response status is 200
    And the response field "phone" is ""
    When the server sends GET /users/{bob.id}
    Then the response field "phone" is ""

  @id:users-search-follows-updates @op:users.updateName @op:users.updateEmail @op:users.list
  Scenario: The user search finds a user by the name and email it was last given
    Given a user "alice"
    And a new word remembered as "n"
    When the server sends PATCH /users/{alice.id}/name with:
      """
      {"name": "Renamed {n}"}
      """
    Then the response status is 200
    When the server sends GET /users?search={n}
    Then the response body matches:
      """
      {"total": 1, "users": [{"$id": "{alice.id}", "name": "Renamed {n}"}]}
      """
    When the server sends PATCH /users/{alice.id}/email with:
      """
      {"email": "moved{n}@conform.test"}
      """
    Then the response status is 200
    When the server sends GET /users?search=moved{n}
    Then the response body matches:
      """
      {"total": 1, "users": [{"$id": "{alice.id}", "email": "moved{n}@conform.test"}]}
      """

  @id:users-update-password @op:users.updatePassword
  Scenario: A new password signs in, the old one no longer does, and a short one is refused
    Given a user "alice"
    When the server sends PATCH /users/{alice.id}/password with:
      """
      {"password": "brand-new-password"}
      """
    Then the response status is 200
    And the response field "hash" is "argon2"
    And the response field "passwordUpdate" is a datetime within 60 seconds of now
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{alice.email}", "password": "{alice.password}"}
      """
    Then the request fails with 401 "user_invalid_credentials"
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{alice.email}", "password": "brand-new-password"}
      """
    Then the response status is 201
    When the server sends PATCH /users/{alice.id}/password with:
      """
      {"password": "short"}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:users-update-status @op:users.updateStatus
  Scenario: Blocking a user refuses its sign-in and its session; unblocking lets it in again
    Given a signed-in user "alice"
    When the server sends PATCH /users/{alice.id}/status with:
      """
      {"status": false}
      """
    Then the response status is 200
    And the response field "status" is false
    When "alice" sends GET /account
    Then the request fails with 403 "user_blocked"
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{alice.email}", "password": "{alice.password}"}
      """
    Then the request fails with 403 "user_blocked"
    When the server sends PATCH /users/{alice.id}/status with:
      """
      {"status": true}
      """
    And "alice" sends GET /account
    Then the response status is 200
    When the server sends PATCH /users/{alice.id}/status with:
      """
      {"status": "maybe"}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:users-update-labels @op:users.updateLabels
  Scenario: Labels replace the previous ones, lose duplicates, and must be alphanumeric
    Given a user "alice"
    When the server sends PUT /users/{alice.id}/labels with:
      """
      {"labels": ["vip", "beta", "vip"]}
      """
    Then the response status is 200
    And the response field "labels" is ["vip", "beta"]
    When the server sends PUT /users/{alice.id}/labels with:
      """
      {"labels": ["admin"]}
      """
    Then the response field "labels" is ["admin"]
    When the server sends PUT /users/{alice.id}/labels with:
      """
      {"labels": ["not-alphanumeric"]}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends PUT /users/{alice.id}/labels with:
      """
      {"labels": ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends GET /users with queries:
      """
      {"method": "contains", "attribute": "labels", "values": ["admin"]}
      {"method": "equal", "attribute": "$id", "values": ["{alice.id}"]}
      """
    Then the response field "total" is 1

  @id:users-prefs @op:users.updatePrefs @op:users.getPrefs
  Scenario: Preferences are replaced whole and read back
    Given a user "alice"
    When the server sends GET /users/{alice.id}/prefs
    Then the response status is 200
    And the response body is the text "{}"
    When the server sends PATCH /users/{alice.id}/prefs with:
      """
      {"prefs": {"theme": "dark", "fontSize": 14}}
      """
    Then the response status is 200
    And the response body matches:
      """
      {"theme": "dark", "fontSize": 14}
      """
    When the server sends PATCH /users/{alice.id}/prefs with:
      """
      {"prefs": {"lang": "fr"}}
      """
    And the server sends GET /users/{alice.id}/prefs
    Then the response field "lang" is "fr"
    When the server sends PATCH /users/{alice.id}/prefs with:
      """
      {"prefs": "dark"}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends GET /users/nobody-{new-id}/prefs
    Then the request fails with 404 "user_not_found"

  @id:users-verification @op:users.updateEmailVerification @op:users.updatePhoneVerification
  Scenario: The verification flags are set and cleared
    Given a user "alice"
    When the server sends PATCH /users/{alice.id}/verification with:
      """
      {"emailVerification": true}
      """
    Then the response status is 200
    And the response field "emailVerification" is true
    When the server sends PATCH /users/{alice.id}/verification/phone with:
      """
      {"phoneVerification": true}
      """
    Then the response field "phoneVerification" is true
    And the response field "emailVerification" is true
    When the server sends PATCH /users/{alice.id}/verification with:
      """
      {"emailVerification": false}
      """
    Then the response field "emailVerification" is false
    When the server sends PATCH /users/{alice.id}/verification/phone with:
      """
      {}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:users-impersonator @op:users.updateImpersonator
  Scenario: The impersonator capability is granted and taken away
    Given a user "alice"
    When the server sends PATCH /users/{alice.id}/impersonator with:
      """
      {"impersonator": true}
      """
    Then the response status is 200
    And the response field "impersonator" is true
    When the server sends GET /users/{alice.id}
    Then the response field "impersonator" is true
    When the server sends PATCH /users/{alice.id}/impersonator with:
      """
      {"impersonator": false}
      """
    Then the response field "impersonator" is false
