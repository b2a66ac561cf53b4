@conventions
Feature: Origins: which web pages and apps may call the project
  A browser names the page that makes a request in the `Origin` header. A client request
  (one without `X-Appwrite-Key`) from an origin whose host is not one of the project's
  registered platforms is refused with 403 `general_unknown_origin`, before anything else
  about the request is looked at. Hosts match exactly (any port, any case) or under a
  registered `*.wildcard`; look-alike hosts do not match. Apps may use the `exp` scheme and
  `appwrite-callback-<projectId>`. An allowed origin is echoed in
  `Access-Control-Allow-Origin`, never `*`; an origin that is not allowed, or no origin at
  all, gets no `Access-Control-Allow-Origin`. Preflights (`OPTIONS`) are answered for any
  origin, so the browser can then see the real refusal.

  The `@needs:localhost-platform` scenarios need a Web platform with hostname `localhost`
  on the project (Appwrite's own test projects have one; a default self-hosted install
  trusts `localhost` as its domain).

  @id:origin-unknown-refused @op:account.get
  Scenario: A client request from an unregistered origin is refused
    Given the next request carries header "Origin: http://unregistered-origin.example"
    When a guest sends GET /account
    Then the request fails with 403 "general_unknown_origin"
    And the response field "message" contains "(unregistered-origin.example)"
    And the response has no header "Access-Control-Allow-Origin"

  @id:origin-lookalike-refused @op:account.get
  Scenario Outline: A host that only looks like a registered one is refused (<origin>)
    Given a signed-in user "alice"
    And the next request carries header "Origin: <origin>"
    When "alice" sends GET /account
    Then the request fails with 403 "general_unknown_origin"
    And the response has no header "Access-Control-Allow-Origin"

    Examples:
      | origin                        |
      | http://localhost.example.com  |
      | http://127.0.0.2              |
      | https://notlocalhost          |
      | http://localhost.evil.example |

  @id:origin-refused-before-project @op:account.get
  Scenario: The origin is checked before the project is looked up
    Given the next request carries header "Origin: http://unregistered-origin.example"
    And the next request names the project "no-such-project"
    When a guest sends GET /account
    Then the request fails with 403 "general_unknown_origin"

  @id:origin-refused-on-unknown-route
  Scenario: An unknown route from an unregistered origin is refused as well
    Given the next request carries header "Origin: http://unregistered-origin.example"
    When a guest sends GET /no/such/route
    Then the request fails with 403 "general_unknown_origin"

  @id:origin-unknown-scheme-refused @op:account.get
  Scenario: An app origin with a scheme Appwrite does not know is refused
    Given the next request carries header "Origin: myapp://callback"
    When a guest sends GET /account
    Then the request fails with 403 "general_unknown_origin"
    And the response field "message" contains "Invalid Scheme"

  @id:origin-app-schemes-allowed @op:account.get
  Scenario Outline: App origins with the <scheme> scheme pass the origin check
    Given the next request carries header "Origin: <origin>"
    When a guest sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"

    Examples:
      | scheme              | origin                                |
      | exp                 | exp://192.168.0.10:19000              |
      | appwrite-callback-… | appwrite-callback-{project}://success |

  @id:origin-key-skips-check @op:users.list
  Scenario: A request with an API key is never refused for its origin
    Given the next request carries header "Origin: http://unregistered-origin.example"
    When the server sends GET /users
    Then the response status is 200
    And the response has no header "Access-Control-Allow-Origin"

  @id:origin-wrong-key-skips-check @op:users.list
  Scenario: Any X-Appwrite-Key skips the origin check, though a wrong one is refused
    Given the next request carries header "Origin: http://unregistered-origin.example"
    And the next request carries header "X-Appwrite-Key: not-a-real-key-{new-id}"
    When a guest sends GET /users
    Then the request fails with 401 "user_unauthorized"

  @id:origin-allowed-echoed @op:account.get @needs:localhost-platform
  Scenario Outline: A registered origin is served and echoed, never answered with * (<origin>)
    Given a signed-in user "alice"
    And the next request carries header "Origin: <origin>"
    When "alice" sends GET /account
    Then the response status is 200
    And the response header "Access-Control-Allow-Origin" is "<echoed>"
    And the response header "Access-Control-Allow-Credentials" is "true"

    Examples:
      | origin                | echoed                |
      | http://localhost      | http://localhost      |
      | http://localhost:3000 | http://localhost:3000 |
      | https://LocalHost     | https://localhost     |

  @id:origin-absent-no-allow-origin @op:account.get
  Scenario: Without an Origin there is no Access-Control-Allow-Origin at all
    Given a signed-in user "alice"
    When "alice" sends GET /account
    Then the response status is 200
    And the response has no header "Access-Control-Allow-Origin"
    And the response header "Access-Control-Allow-Credentials" is "true"

  @id:origin-preflight-any-origin
  Scenario: A preflight from any origin is answered and its origin echoed
    Given the next request carries header "Origin: http://unregistered-origin.example"
    And the next request carries header "Access-Control-Request-Method: GET"
    When a guest sends OPTIONS /account
    Then the response status is 204
    And the response body is empty
    And the response header "Access-Control-Allow-Origin" is "http://unregistered-origin.example"
    And the response header "Server" is "Appwrite"
