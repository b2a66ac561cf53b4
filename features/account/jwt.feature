@account
Feature: JSON Web Tokens
  A signed-in user can mint a short-lived JWT and hand it to their own backend,
  which acts as that user by sending it in X-Appwrite-JWT.

  @id:jwt-create @op:account.createJWT @op:account.get
  Scenario: A JWT acts as the user who made it
    Given a signed-in user "alice"
    When "alice" sends POST /account/jwts
    Then the response status is 201
    And the response body matches:
      """
      {"jwt": "<non-empty string>"}
      """
    Given "alice" has a JWT
    When "alice" with a JWT sends GET /account
    Then the response status is 200
    And the response field "$id" is "{alice.id}"

  @id:jwt-guest @op:account.createJWT
  Scenario: A guest cannot mint a JWT
    When a guest sends POST /account/jwts
    Then the request fails with 401 "general_unauthorized_scope"

  @id:jwt-invalid @op:account.get
  Scenario: A forged JWT is refused
    Given the next request carries header "X-Appwrite-JWT: eyJhbGciOiJIUzI1NiJ9.eyJ1c2VySWQiOiJub2JvZHkifQ.forged"
    When a guest sends GET /account
    Then the request fails with 401 "user_jwt_invalid"
    And the error message contains 'Failed to verify JWT.'

  @id:jwt-not-a-token @op:account.get
  Scenario: Something that is not a JWT at all is refused the same way
    Given the next request carries header "X-Appwrite-JWT: wrong-token"
    When a guest sends GET /account
    Then the request fails with 401 "user_jwt_invalid"

  @id:jwt-after-sign-out @op:account.get @op:account.deleteSession @ip-budget
  Scenario: A JWT dies with the session it came from
    Given a signed-in user "alice"
    And "alice" has a JWT
    When "alice" sends DELETE /account/sessions/current
    Then the response status is 204
    When "alice" with a JWT sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"

  @id:jwt-and-cookie-refused @op:account.get
  Scenario: A JWT and a session cookie in one request are refused
    Given a signed-in user "alice"
    And "alice" has a JWT
    When "alice" with a JWT and the session cookie sends GET /account
    Then the request fails with 403 "user_jwt_and_cookie_set"

  @id:jwt-from-jwt-refused @op:account.createJWT
  Scenario: A JWT cannot mint another JWT: it is no session
    Given a signed-in user "alice"
    And "alice" has a JWT
    When "alice" with a JWT sends POST /account/jwts
    Then the request fails with 404 "user_session_not_found"

  @id:jwt-duration @op:account.createJWT
  Scenario Outline: A JWT lasts 0 to 3600 seconds (<duration>)
    Given a signed-in user "alice"
    When "alice" sends POST /account/jwts with:
      """
      {"duration": <duration>}
      """
    Then the answer is <outcome>

    Examples:
      | duration | outcome                        |
      | 3600     | 201                            |
      | 60       | 201                            |
      | 3601     | 400 "general_argument_invalid" |
      | -1       | 400 "general_argument_invalid" |

  @id:jwt-duration-zero-expired @op:account.createJWT @op:account.get
  Scenario: A JWT made to last 0 seconds is expired at once
    Given a signed-in user "alice"
    When "alice" sends POST /account/jwts with:
      """
      {"duration": 0}
      """
    Then the response status is 201
    And the response field "jwt" is remembered as "brief"
    Given the next request carries header "X-Appwrite-JWT: {brief}"
    When a guest sends GET /account
    Then the request fails with 401 "user_jwt_invalid"

  @id:jwt-alias @op:account.createJWT
  Scenario: POST /account/jwt is still the way to mint a JWT
    Given a signed-in user "alice"
    When "alice" sends POST /account/jwt
    Then the response status is 201
    And the response field "jwt" is "<non-empty string>"

  @id:jwt-acts-on-other-routes @op:teams.list
  Scenario: A JWT holder has the user's scopes on every route
    Given a signed-in user "alice"
    And "alice" has a JWT
    When "alice" with a JWT sends GET /teams
    Then the response status is 200
    And the response field "total" is 0
    When "alice" with a JWT sends GET /users
    Then the request fails with 401 "general_unauthorized_scope"
