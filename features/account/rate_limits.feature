@account @rate-limit
Feature: Rate limits on account routes
  Appwrite counts requests per route in fixed windows, keyed as each route documents,
  and sends X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (a Unix time)
  on every response of a limited route, refusals included. A spent key is answered with
  429 `general_rate_limit_exceeded`. Requests made with an API key are never refused.

  IP-keyed limits are read from the client address; every scenario names one of its own in
  X-Forwarded-For, the header Appwrite trusts by default. Against a server that does not
  (or behind a proxy that rewrites the header), leave out @ip-budget: those scenarios would
  spend the machine's hourly budget.

  @id:rate-account-create @op:account.create @ip-budget
  Scenario: Ten sign-ups per hour from one address
    When a guest repeats POST /account until it is rate limited, with:
      """
      {"userId": "{new-id:rl}", "email": "{new-id:rl}@conform.test", "password": "password1234"}
      """
    Then the limit is 10 requests per 1 hour, and the request after the last remaining one is refused

  @id:rate-email-session @op:account.createEmailPasswordSession
  Scenario: Ten sign-in attempts per hour for one email address
    Given a user "alice"
    When a guest repeats POST /account/sessions/email until it is rate limited, with:
      """
      {"email": "{alice.email}", "password": "wrong-password"}
      """
    Then the limit is 10 requests per 1 hour, and the request after the last remaining one is refused

  @id:rate-email-session-reset-on-success @op:account.createEmailPasswordSession
  Scenario: A successful sign-in forgives the failed attempts before it
    Given a user "alice"
    When a guest repeats POST /account/sessions/email 3 times, with:
      """
      {"email": "{alice.email}", "password": "wrong-password"}
      """
    Then each of those requests answered 401
    And X-RateLimit-Remaining counted down from 9, one per request
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{alice.email}", "password": "{alice.password}"}
      """
    Then the response status is 201
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{alice.email}", "password": "wrong-password"}
      """
    Then the request fails with 401 "user_invalid_credentials"
    And the response header "X-RateLimit-Remaining" is "9"

  @id:rate-email-session-key-exempt @op:account.createEmailPasswordSession
  Scenario: A server with an API key is never refused, though the headers still count
    Given a user "alice"
    When the server repeats POST /account/sessions/email 12 times, with:
      """
      {"email": "{alice.email}", "password": "wrong-password"}
      """
    Then none of those requests was rate limited
    And each of those requests answered 401
    And the response header "X-RateLimit-Limit" is "10"

  @id:rate-jwt @op:account.createJWT
  Scenario: 120 JWTs per minute for one user
    Given a signed-in user "alice"
    When "alice" repeats POST /account/jwts until it is rate limited
    Then the limit is 120 requests per 1 minute, and the request after the last remaining one is refused

  @id:rate-jwt-window-reset @op:account.createJWT @needs:fast-rate-windows
  Scenario: When the window turns over the budget is whole again
    Given a signed-in user "alice"
    When "alice" repeats POST /account/jwts until it is rate limited
    Then the limit is 120 requests per 1 minute, and the request after the last remaining one is refused
    When the rate-limit window resets
    And "alice" sends POST /account/jwts
    Then the response status is 201
    And the response header "X-RateLimit-Remaining" is "119"

  @id:rate-session-delete @op:account.deleteSession @ip-budget
  Scenario: 100 sign-outs per hour from one address
    Given a signed-in user "alice"
    When "alice" repeats DELETE /account/sessions/{new-id:gone} until it is rate limited
    Then the limit is 100 requests per 1 hour, and the request after the last remaining one is refused

  @id:rate-sessions-delete-all @op:account.deleteSessions @ip-budget
  Scenario: 100 sign-outs of every session per hour from one address
    When 101 users, each signed in by the server, send DELETE /account/sessions in turn until it is rate limited
    Then the limit is 100 requests per 1 hour, and the request after the last remaining one is refused
