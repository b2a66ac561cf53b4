@storage @rate-limit
Feature: Rate limits on file uploads and deletes
  Creating a file allows 60 requests per minute for one key made of the client address, the
  method, the route, the user and the chunk index of the upload (`chunkId`): each chunk
  position of chunked uploads has a budget of its own. Deleting a file allows 60 per minute for
  address, method, route and user. Responses carry X-RateLimit-Limit, X-RateLimit-Remaining and
  X-RateLimit-Reset; a spent budget answers 429 `general_rate_limit_exceeded`. Requests made with
  an API key are never refused.

  The uploads below have 5 MiB + 1 byte, so their second chunk is a single byte.

  Background:
    Given a bucket "busy" with:
      """
      {"permissions": ["read(\"users\")", "create(\"users\")", "delete(\"users\")"]}
      """
    And a signed-in user "alice"

  @id:storage-rate-create-file-per-chunk @op:storage.createFile
  Scenario: Sixty second chunks per minute, and the first chunks keep their own budget
    When "alice" sends chunk 2 of new uploads of 5242881 bytes of random bytes to "busy" until it is rate limited
    Then the limit is 60 requests per 1 minute, and the request after the last remaining one is refused
    When "alice" sends chunk 1 of 1 new uploads of 5242881 bytes of random bytes to "busy"
    Then the response status is 201
    And the response header "X-RateLimit-Limit" is "60"
    And the response header "X-RateLimit-Remaining" is "59"

  @id:storage-rate-create-file-single @op:storage.createFile
  Scenario: Each first chunk spends one request of the budget
    When "alice" sends chunk 1 of 3 new uploads of the text "tiny" to "busy"
    Then each of those requests answered 201
    And the response header "X-RateLimit-Limit" is "60"
    And X-RateLimit-Remaining counted down from 59, one per request

  @id:storage-rate-create-file-key-exempt @op:storage.createFile
  Scenario: The server's key uploads past the limit
    When the server sends chunk 2 of 62 new uploads of 5242881 bytes of random bytes to "busy"
    Then none of those requests was rate limited
    And each of those requests answered 201

  @id:storage-rate-delete-file @op:storage.deleteFile
  Scenario: Sixty file deletes per minute
    When "alice" repeats DELETE /storage/buckets/{busy}/files/{new-id:gone} until it is rate limited
    Then the limit is 60 requests per 1 minute, and the request after the last remaining one is refused

  @id:storage-rate-delete-file-key-exempt @op:storage.deleteFile
  Scenario: The server's key deletes past the limit
    When the server repeats DELETE /storage/buckets/{busy}/files/{new-id:gone} until it is rate limited
    Then none of those requests was rate limited
    And each of those requests answered 404
