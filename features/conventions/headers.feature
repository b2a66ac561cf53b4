@conventions
Feature: Headers every answer carries
  Every answer names its server (`Server: Appwrite`) and forbids content sniffing
  (`X-Content-Type-Options: nosniff`). Every answer carries the CORS lists: the methods
  (`GET, POST, PUT, PATCH, DELETE`), the request headers a browser may send, the response
  headers a script may read (`X-Appwrite-Session, X-Fallback-Cookies`), credentials allowed,
  and a preflight lifetime of a day. An error is never cached: `Cache-Control: no-cache,
  no-store, must-revalidate`, `Expires: 0`, `Pragma: no-cache`.

  @id:headers-security @op:health.getVersion
  Scenario: A successful answer names Appwrite and forbids sniffing
    When a guest sends GET /health/version
    Then the response status is 200
    And the response header "Server" is "Appwrite"
    And the response header "X-Content-Type-Options" is "nosniff"

  @id:headers-security-on-errors @op:users.get
  Scenario: An error carries the same headers, and says it must not be cached
    When the server sends GET /users/{new-id:nobody}
    Then the request fails with 404 "user_not_found"
    And the response header "Server" is "Appwrite"
    And the response header "X-Content-Type-Options" is "nosniff"
    And the response header "Cache-Control" is "no-cache, no-store, must-revalidate"
    And the response header "Expires" is "0"
    And the response header "Pragma" is "no-cache"

  @id:headers-no-cache-on-route-not-found
  Scenario: An unknown route's 404 is not cached either
    When a guest sends GET /no/such/route
    Then the request fails with 404 "general_route_not_found"
    And the response header "Cache-Control" is "no-cache, no-store, must-revalidate"
    And the response header "Pragma" is "no-cache"

  @id:headers-no-cache-on-refusal @op:account.get
  Scenario: A refusal of a guest is not cached
    When a guest sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"
    And the response header "Cache-Control" is "no-cache, no-store, must-revalidate"
    And the response header "Expires" is "0"

  @id:headers-cors-lists @op:account.get
  Scenario: Every answer lists what browsers may send and read
    Given a signed-in user "alice"
    When "alice" sends GET /account
    Then the response status is 200
    And the response header "Access-Control-Allow-Methods" is "GET, POST, PUT, PATCH, DELETE"
    And the response header "Access-Control-Expose-Headers" is "X-Appwrite-Session, X-Fallback-Cookies"
    And the response header "Access-Control-Allow-Credentials" is "true"
    And the response header "Access-Control-Max-Age" is "86400"

  @id:headers-preflight
  Scenario: A preflight is an empty 204 with the CORS lists and the server's name
    Given the next request carries header "Origin: http://localhost"
    And the next request carries header "Access-Control-Request-Method: DELETE"
    When a guest sends OPTIONS /storage/buckets/any-bucket/files/any-file
    Then the response status is 204
    And the response body is empty
    And the response header "Server" is "Appwrite"
    And the response header "Access-Control-Allow-Methods" is "GET, POST, PUT, PATCH, DELETE"
    And the response header "Access-Control-Max-Age" is "86400"
    And the response header "Access-Control-Allow-Origin" is "http://localhost"

  @id:headers-preflight-allowed-headers
  Scenario Outline: Browsers may send the <header> header
    Given the next request carries header "Origin: http://localhost"
    And the next request carries header "Access-Control-Request-Method: POST"
    When a guest sends OPTIONS /account/sessions/email
    Then the response status is 204
    And the response header "Access-Control-Allow-Headers" contains "<header>"

    Examples:
      | header                     |
      | X-Appwrite-Key             |
      | X-Appwrite-Session         |
      | X-Appwrite-Response-Format |
      | X-Fallback-Cookies         |
      | X-SDK-Version              |
      | Content-Range              |
      | Range                      |
      | X-Appwrite-Locale          |
