@users
Feature: Every Users route is for API keys only
  The Users routes need `users.read` or `users.write` (session routes also take
  `sessions.read` / `sessions.write`). Guests, signed-in users and JWT holders hold none of
  the users scopes, so each route refuses them with 401 `general_unauthorized_scope`; a key
  holding only the read scopes may read but not write. (The three session-writing routes also
  admit `sessions.write`, which Appwrite's client roles hold: `users-sessions-client-scope` in
  credentials.feature checks what clients meet there.)

  Background:
    Given a signed-in user "alice"
    And "alice" has a JWT

  @id:users-access-clients
  Scenario Outline: <method> <path> refuses guests, users and JWTs
    When a guest sends <method> <path>
    Then the request fails with 401 "general_unauthorized_scope"
    When "alice" sends <method> <path>
    Then the request fails with 401 "general_unauthorized_scope"
    When "alice" with a JWT sends <method> <path>
    Then the request fails with 401 "general_unauthorized_scope"

    Examples:
      | method | path                                           |
      | GET    | /users                                         |
      | POST   | /users                                         |
      | POST   | /users/argon2                                  |
      | POST   | /users/bcrypt                                  |
      | POST   | /users/md5                                     |
      | POST   | /users/phpass                                  |
      | POST   | /users/scrypt                                  |
      | POST   | /users/scrypt-modified                         |
      | POST   | /users/sha                                     |
      | GET    | /users/identities                              |
      | DELETE | /users/identities/some-identity                |
      | GET    | /users/{alice.id}                              |
      | DELETE | /users/{alice.id}                              |
      | PATCH  | /users/{alice.id}/email                        |
      | PATCH  | /users/{alice.id}/impersonator                 |
      | POST   | /users/{alice.id}/jwts                         |
      | PUT    | /users/{alice.id}/labels                       |
      | GET    | /users/{alice.id}/logs                         |
      | GET    | /users/{alice.id}/memberships                  |
      | PATCH  | /users/{alice.id}/mfa                          |
      | DELETE | /users/{alice.id}/mfa/authenticators/totp      |
      | GET    | /users/{alice.id}/mfa/factors                  |
      | GET    | /users/{alice.id}/mfa/recovery-codes           |
      | PUT    | /users/{alice.id}/mfa/recovery-codes           |
      | PATCH  | /users/{alice.id}/mfa/recovery-codes           |
      | PATCH  | /users/{alice.id}/name                         |
      | PATCH  | /users/{alice.id}/password                     |
      | PATCH  | /users/{alice.id}/phone                        |
      | GET    | /users/{alice.id}/prefs                        |
      | PATCH  | /users/{alice.id}/prefs                        |
      | GET    | /users/{alice.id}/sessions                     |
      | PATCH  | /users/{alice.id}/status                       |
      | GET    | /users/{alice.id}/targets                      |
      | POST   | /users/{alice.id}/targets                      |
      | GET    | /users/{alice.id}/targets/some-target          |
      | PATCH  | /users/{alice.id}/targets/some-target          |
      | DELETE | /users/{alice.id}/targets/some-target          |
      | POST   | /users/{alice.id}/tokens                       |
      | PATCH  | /users/{alice.id}/verification                 |
      | PATCH  | /users/{alice.id}/verification/phone           |

  @id:users-access-read-only-key @needs:read-only-key
  Scenario Outline: A key with only read scopes may <method> <path>: <outcome>
    When a read-only key sends <method> <path>
    Then the answer is <outcome>

    Examples:
      | method | path                                 | outcome                               |
      | GET    | /users/{alice.id}                    | 200                                   |
      | GET    | /users/{alice.id}/sessions           | 200                                   |
      | GET    | /users/{alice.id}/targets            | 200                                   |
      | GET    | /users/{alice.id}/logs               | 200                                   |
      | PATCH  | /users/{alice.id}/status             | 401 "general_unauthorized_scope"      |
      | PUT    | /users/{alice.id}/labels             | 401 "general_unauthorized_scope"      |
      | POST   | /users/{alice.id}/sessions           | 401 "general_unauthorized_scope"      |
      | POST   | /users/{alice.id}/tokens             | 401 "general_unauthorized_scope"      |
      | POST   | /users/{alice.id}/jwts               | 401 "general_unauthorized_scope"      |
      | POST   | /users/md5                           | 401 "general_unauthorized_scope"      |
      | DELETE | /users/{alice.id}                    | 401 "general_unauthorized_scope"      |
