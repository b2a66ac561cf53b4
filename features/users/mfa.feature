@users
Feature: Multi-factor authentication managed by the server
  The server turns MFA on and off for a user, lists the factors the user could use (email and
  phone count once verified; TOTP only with an authenticator, which only the user can add on
  the Account side), makes recovery codes once (409 on a second try), reads and regenerates
  them, and removes an authenticator.

  @id:users-mfa-flag @op:users.updateMfa
  Scenario: MFA is turned on and off
    Given a user "alice"
    When the server sends PATCH /users/{alice.id}/mfa with:
      """
      {"mfa": true}
      """
    Then the response status is 200
    And the response field "mfa" is true
    When the server sends GET /users/{alice.id}
    Then the response field "mfa" is true
    When the server sends PATCH /users/{alice.id}/mfa with:
      """
      {"mfa": false}
      """
    Then the response field "mfa" is false
    When the server sends PATCH /users/{alice.id}/mfa with:
      """
      {}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:users-mfa-factors @op:users.listMfaFactors
  Scenario: A verified email is a factor, an unverified one is not, and there is no TOTP
    Given a user "alice"
    When the server sends GET /users/{alice.id}/mfa/factors
    Then the response status is 200
    And the response body matches:
      """
      {"totp": false, "email": false, "phone": false, "recoveryCode": false}
      """
    When the server sends PATCH /users/{alice.id}/verification with:
      """
      {"emailVerification": true}
      """
    And the server sends GET /users/{alice.id}/mfa/factors
    Then the response field "email" is true
    And the response field "phone" is false
    When the server sends GET /users/nobody-{new-id}/mfa/factors
    Then the request fails with 404 "user_not_found"

  @id:users-mfa-recovery-codes @op:users.createMfaRecoveryCodes @op:users.getMfaRecoveryCodes @op:users.updateMfaRecoveryCodes
  Scenario: Recovery codes are made once, read back unchanged, and regenerated on demand
    Given a user "alice"
    When the server sends GET /users/{alice.id}/mfa/recovery-codes
    Then the request fails with 404 "user_recovery_codes_not_found"
    When the server sends PUT /users/{alice.id}/mfa/recovery-codes
    Then the request fails with 404 "user_recovery_codes_not_found"
    When the server sends PATCH /users/{alice.id}/mfa/recovery-codes
    Then the response status is 201
    And the response field "recoveryCodes" is remembered as "codes"
    And the response field "recoveryCodes.5" has 10 characters
    When the server sends GET /users/{alice.id}/mfa/recovery-codes
    Then the response status is 200
    And the response field "recoveryCodes" is {codes}
    When the server sends GET /users/{alice.id}/mfa/recovery-codes
    Then the response field "recoveryCodes" is {codes}
    When the server sends PATCH /users/{alice.id}/mfa/recovery-codes
    Then the request fails with 409 "user_recovery_codes_already_exists"
    When the server sends PUT /users/{alice.id}/mfa/recovery-codes
    Then the response status is 200
    And the response field "recoveryCodes" is no longer {codes}

  @id:users-mfa-authenticator @op:users.deleteMfaAuthenticator
  Scenario: Removing an authenticator the user does not have is 404, and only totp is a type
    Given a user "alice"
    When the server sends DELETE /users/{alice.id}/mfa/authenticators/totp
    Then the request fails with 404 "user_authenticator_not_found"
    When the server sends DELETE /users/{alice.id}/mfa/authenticators/sms
    Then the request fails with 400 "general_argument_invalid"
    When the server sends DELETE /users/nobody-{new-id}/mfa/authenticators/totp
    Then the request fails with 404 "user_not_found"
