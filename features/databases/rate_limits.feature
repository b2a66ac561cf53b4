@databases @rate-limit
Feature: Rate limits on document writes
  Document writes, one at a time or in bulk, are limited per client: the key is `ip:{ip},method:{method},url:{url},userId:{userId}`,
  so each user, address, HTTP method and route has its own budget. Create, upsert (one or many),
  update (one or many), increment and decrement allow 120 requests a minute; deletes 60. Requests made
  with an API key are never refused. The limit is counted before the body is looked at,
  so these bursts send cheap requests the server refuses anyway.

  Background:
    Given a signed-in user "alice"
    And a collection "notes"

  @id:rate-doc-create @op:databases.createDocument
  Scenario: 120 document creates per minute
    When "alice" repeats POST /databases/{db}/collections/{notes}/documents until it is rate limited, with:
      """
      {"documentId": "x", "data": {}}
      """
    Then the limit is 120 requests per 1 minute, and the request after the last remaining one is refused

  @id:rate-doc-update @op:databases.updateDocument
  Scenario: 120 document updates per minute
    When "alice" repeats PATCH /databases/{db}/collections/{notes}/documents/nothing until it is rate limited, with:
      """
      {"data": {}}
      """
    Then the limit is 120 requests per 1 minute, and the request after the last remaining one is refused

  @id:rate-doc-upsert @op:databases.upsertDocument
  Scenario: 120 document upserts per minute
    When "alice" repeats PUT /databases/{db}/collections/{notes}/documents/nothing until it is rate limited, with:
      """
      {"data": {"unknown": 1}}
      """
    Then the limit is 120 requests per 1 minute, and the request after the last remaining one is refused

  @id:rate-doc-increment @op:databases.incrementDocumentAttribute
  Scenario: 120 increments per minute
    When "alice" repeats PATCH /databases/{db}/collections/{notes}/documents/nothing/count/increment until it is rate limited, with:
      """
      {"value": 1}
      """
    Then the limit is 120 requests per 1 minute, and the request after the last remaining one is refused

  @id:rate-doc-decrement @op:databases.decrementDocumentAttribute
  Scenario: 120 decrements per minute
    When "alice" repeats PATCH /databases/{db}/collections/{notes}/documents/nothing/count/decrement until it is rate limited, with:
      """
      {"value": 1}
      """
    Then the limit is 120 requests per 1 minute, and the request after the last remaining one is refused

  @id:rate-doc-delete @op:databases.deleteDocument
  Scenario: 60 document deletes per minute
    When "alice" repeats DELETE /databases/{db}/collections/{notes}/documents/nothing until it is rate limited
    Then the limit is 60 requests per 1 minute, and the request after the last remaining one is refused

  @id:rate-doc-per-user @op:databases.createDocument
  Scenario: Each user has a budget of their own
    Given a signed-in user "bob"
    When "alice" repeats POST /databases/{db}/collections/{notes}/documents until it is rate limited, with:
      """
      {"documentId": "x", "data": {}}
      """
    Then the limit is 120 requests per 1 minute, and the request after the last remaining one is refused
    When "bob" sends POST /databases/{db}/collections/{notes}/documents with:
      """
      {"documentId": "x", "data": {}}
      """
    Then the request fails with 400 "document_missing_data"
    And the response header "X-RateLimit-Remaining" is "119"

  @id:rate-doc-key-exempt @op:databases.createDocument
  Scenario: API keys are never rate limited
    When the server repeats POST /databases/{db}/collections/{notes}/documents 130 times, with:
      """
      {"documentId": "x", "data": {}}
      """
    Then none of those requests was rate limited
    And each of those requests answered 400

  @id:rate-docs-bulk-upsert @op:databases.upsertDocuments
  Scenario: 120 bulk upserts per minute
    When "alice" repeats PUT /databases/{db}/collections/{notes}/documents until it is rate limited, with:
      """
      {"documents": [{"$id": "x", "unknown": 1}]}
      """
    Then the limit is 120 requests per 1 minute, and the request after the last remaining one is refused

  @id:rate-docs-bulk-update @op:databases.updateDocuments
  Scenario: 120 bulk updates per minute
    When "alice" repeats PATCH /databases/{db}/collections/{notes}/documents until it is rate limited, with:
      """
      {"data": {"unknown": 1}}
      """
    Then the limit is 120 requests per 1 minute, and the request after the last remaining one is refused

  @id:rate-docs-bulk-delete @op:databases.deleteDocuments
  Scenario: 60 bulk deletes per minute
    When "alice" repeats DELETE /databases/{db}/collections/{notes}/documents until it is rate limited
    Then the limit is 60 requests per 1 minute, and the request after the last remaining one is refused
