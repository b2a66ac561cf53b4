@conventions
Feature: REST conventions
  Every Appwrite endpoint lives under /v1. A request names its project in the
  X-Appwrite-Project header (or in ?project=, for URLs a browser opens directly).
  Responses are JSON with a Content-Type, except 204s, which have no body at all.
  Every error is a JSON object {message, code, type, version}: `code` repeats the
  HTTP status and `type` is a stable name from Appwrite's error catalogue.

  @id:rest-ping @op:general.ping
  Scenario: The server answers a ping
    When a guest sends GET /ping
    Then the response status is 200
    And the response body is the text "Pong!"

  @id:rest-health-version @op:health.getVersion
  Scenario: The server tells which API version it speaks
    When a guest sends GET /health/version
    Then the response status is 200
    And the response header "Content-Type" contains "application/json"
    And the response body matches:
      """
      {"version": "<non-empty string>"}
      """

  @id:rest-route-not-found
  Scenario: An unknown route is a 404 with an Appwrite error body
    When the server sends GET /no/such/route
    Then the request fails with 404 "general_route_not_found"
    And the response header "Content-Type" contains "application/json"
    And the response body matches:
      """
      {"message": "<non-empty string>", "code": 404, "type": "general_route_not_found", "version": "<non-empty string>"}
      """

  @id:rest-project-unknown @op:account.get
  Scenario: A project that does not exist is refused
    Given a signed-in user "alice"
    And the next request names the project "no-such-project"
    When "alice" sends GET /account
    Then the request fails with 404 "project_not_found"

  @id:rest-project-in-query @op:account.get
  Scenario: The project may be named in the query string instead of a header
    Given a signed-in user "alice"
    And the next request names no project
    When "alice" sends GET /account?project={project}
    Then the response status is 200
    And the response field "$id" is "{alice.id}"

  @id:rest-json-content-type @op:users.get
  Scenario: JSON responses say so in their Content-Type
    Given a user "alice"
    When the server sends GET /users/{alice.id}
    Then the response status is 200
    And the response header "Content-Type" contains "application/json"

  @id:rest-no-content @op:users.delete
  Scenario: A 204 has an empty body and no JSON content type
    Given a user "alice"
    When the server sends DELETE /users/{alice.id}
    Then the response status is 204
    And the response body is empty
    And the response has no JSON content type

  @id:rest-malformed-json @op:users.create
  Scenario: A body that is not valid JSON is a 400, not a server error
    When the server sends POST /users with the raw JSON body:
      """
      {"userId": "unique()", "email": 
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:rest-timestamps @op:users.create
  Scenario: Timestamps are ISO-8601 with milliseconds and an offset
    When the server sends POST /users with:
      """
      {"userId": "{new-id:ts}", "email": "{new-id:ts}@conform.test", "password": "password1234"}
      """
    Then the response status is 201
    And the response field "$createdAt" is a datetime within 120 seconds of now
    And the response field "$updatedAt" is a datetime within 120 seconds of now
    And the response field "registration" is a datetime within 120 seconds of now

  @id:rest-cors-preflight
  Scenario: Browsers may send preflight requests from another origin
    Given the next request carries header "Origin: http://localhost"
    And the next request carries header "Access-Control-Request-Method: POST"
    And the next request carries header "Access-Control-Request-Headers: content-type, x-appwrite-project"
    When a guest sends OPTIONS /account/sessions/email
    Then the response status is 204
    And the response header "Access-Control-Allow-Methods" contains "POST"
    And the response header "Access-Control-Allow-Headers" contains "X-Appwrite-Project"
    And the response header "Access-Control-Allow-Headers" contains "X-Appwrite-JWT"
    And the response header "Access-Control-Expose-Headers" contains "X-Fallback-Cookies"
    And the response header "Access-Control-Allow-Credentials" is "true"

  @id:rest-ping-unknown-project @op:general.ping
  Scenario: A ping naming a project that does not exist is a 404
    Given the next request names the project "fake-project-id"
    When a guest sends GET /ping
    Then the request fails with 404 "project_not_found"

  @id:rest-ping-no-project @op:general.ping
  Scenario: A ping naming no project at all is a 404 too
    Given the next request names no project
    When a guest sends GET /ping
    Then the request fails with 404 "project_not_found"

  @id:rest-route-not-found-any-method
  Scenario Outline: An unknown route is a 404 whatever the method (<method>)
    When the server sends <method> /no/such/route
    Then the request fails with 404 "general_route_not_found"

    Examples:
      | method |
      | POST   |
      | PUT    |
      | PATCH  |
      | DELETE |

  @id:rest-error-code-is-status @op:users.get
  Scenario: An error's code repeats its HTTP status
    When the server sends GET /users/{new-id:nobody}
    Then the request fails with 404 "user_not_found"
    And the response field "code" is 404
    And the response field "version" is "<non-empty string>"
