@tokens @rate-limit
Feature: Rate limits on token writes
  Creating, updating and deleting a token allow 60 requests per minute for one key made of the
  client address, the method, the route and the user; reading and listing tokens have no limit.
  Only API keys may manage tokens, and requests made with an API key are never refused, so the
  limit shows in the headers alone: `X-RateLimit-Limit: 60` and `X-RateLimit-Remaining: 59` on
  every write (a key's requests are not counted), no such headers on reads.

  Background:
    Given a bucket "files"
    And a file "report" in "files" holding the text "limited"
    And a token for "report" in "files" remembered as "shared"

  @id:tokens-rate-write-headers @op:tokens.createFileToken @op:tokens.update @op:tokens.delete
  Scenario: Token writes carry the rate-limit headers
    When the server sends POST /tokens/buckets/{files}/files/{report} with:
      """
      {}
      """
    Then the response status is 201
    And the response header "X-RateLimit-Limit" is "60"
    And the response header "X-RateLimit-Remaining" is "59"
    When the server sends PATCH /tokens/{shared} with:
      """
      {"expire": null}
      """
    Then the response status is 200
    And the response header "X-RateLimit-Limit" is "60"
    And the response header "X-RateLimit-Remaining" is "59"
    When the server sends DELETE /tokens/{shared}
    Then the response status is 204
    And the response header "X-RateLimit-Limit" is "60"
    And the response header "X-RateLimit-Remaining" is "59"

  @id:tokens-rate-reads-unlimited @op:tokens.get @op:tokens.list
  Scenario: Reading tokens has no rate limit
    When the server sends GET /tokens/{shared}
    Then the response status is 200
    And the response has no header "X-RateLimit-Limit"
    When the server sends GET /tokens/buckets/{files}/files/{report}
    Then the response status is 200
    And the response has no header "X-RateLimit-Limit"

  @id:tokens-rate-key-exempt @op:tokens.update
  Scenario: The server's key updates past the limit
    When the server repeats PATCH /tokens/{shared} 65 times, with:
      """
      {"expire": null}
      """
    Then none of those requests was rate limited
    And each of those requests answered 200
