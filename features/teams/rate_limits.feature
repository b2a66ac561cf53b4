@teams @rate-limit
Feature: Rate limit on team invitations
  Creating a membership allows 10 requests per hour for one client address and route
  (`url:{url},ip:{ip}`); a spent budget answers 429 `general_rate_limit_exceeded`. The count
  is taken before the request is checked, so refused invitations spend it too. Requests made
  with an API key are never refused.

  IP-keyed limits are read from the client address; every scenario names one of its own in
  X-Forwarded-For, the header Appwrite trusts by default. Against a server that does not
  (or behind a proxy that rewrites the header), leave out @ip-budget: those scenarios would
  spend the machine's hourly budget.

  @id:teams-rate-create-membership @op:teams.createMembership @ip-budget
  Scenario: Ten invitations per hour from one address
    Given a signed-in user "alice"
    When "alice" repeats POST /teams/{new-id:gone}/memberships until it is rate limited, with:
      """
      {"userId": "{alice.id}", "roles": [], "url": "http://localhost/join"}
      """
    Then the limit is 10 requests per 1 hour, and the request after the last remaining one is refused

  @id:teams-rate-create-membership-key-exempt @op:teams.createMembership
  Scenario: The server's key adds members past the limit
    Given a team "t"
    When the server repeats POST /teams/{t}/memberships 12 times, with:
      """
      {"email": "{new-id:rl}@conform.test", "roles": []}
      """
    Then none of those requests was rate limited
    And each of those requests answered 201
