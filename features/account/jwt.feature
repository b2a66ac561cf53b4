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

  @id:jwt-after-sign-out @op:account.get @op:account.deleteSession @ip-budget
  Scenario: A JWT dies with the session it came from
    Given a signed-in user "alice"
    And "alice" has a JWT
    When "alice" sends DELETE /account/sessions/current
    Then the response status is 204
    When "alice" with a JWT sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"
