@databases
Feature: Indexes
  Indexes make queries fast (`key`), enforce uniqueness (`unique`) or enable the `search`
  query (`fulltext`). Like attributes, an index is accepted with 202 and becomes
  `available` once built.

  Background:
    Given a collection "books"
    And "books" has the attributes:
      | type    | key   | options      |
      | string  | title | {"size": 64} |
      | integer | year  | {}           |

  @id:idx-create-key @op:databases.createIndex @op:databases.getIndex
  Scenario: A key index over two attributes keeps its orders
    When the server sends POST /databases/{db}/collections/{books}/indexes with:
      """
      {"key": "by_year_title", "type": "key", "attributes": ["year", "title"], "orders": ["DESC", "ASC"]}
      """
    Then the response status is 202
    And the response body matches:
      """
      {"key": "by_year_title", "type": "key", "attributes": ["year", "title"], "orders": ["DESC", "ASC"], "status": "processing"}
      """
    And the index "by_year_title" of "books" becomes available

  @id:idx-unique @op:databases.createIndex @op:databases.createDocument
  Scenario: A unique index refuses a second document with the same value, as a duplicate of the new document's ID
    Given "books" has a unique index "unique_title" on "title"
    And "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune"}]
      """
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documentId": "dune-again", "data": {"title": "Dune"}}
      """
    Then the request fails with 409 "document_already_exists"
    And the response field "message" contains "'dune-again'"

  @id:idx-fulltext @op:databases.createIndex
  Scenario: A fulltext index is created on a string attribute
    When the server sends POST /databases/{db}/collections/{books}/indexes with:
      """
      {"key": "title_search", "type": "fulltext", "attributes": ["title"]}
      """
    Then the response status is 202
    And the index "title_search" of "books" becomes available

  @id:idx-unknown-attribute @op:databases.createIndex
  Scenario: An index can only name existing attributes
    When the server sends POST /databases/{db}/collections/{books}/indexes with:
      """
      {"key": "ghost", "type": "key", "attributes": ["nothing"]}
      """
    Then the request fails with 400 "attribute_unknown"

  @id:idx-bad-type @op:databases.createIndex
  Scenario: The index type must be one Appwrite knows
    When the server sends POST /databases/{db}/collections/{books}/indexes with:
      """
      {"key": "odd", "type": "sideways", "attributes": ["title"]}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:idx-duplicate @op:databases.createIndex
  Scenario: An index key is unique within its collection
    Given "books" has a key index "by_title" on "title"
    When the server sends POST /databases/{db}/collections/{books}/indexes with:
      """
      {"key": "by_title", "type": "key", "attributes": ["year"]}
      """
    Then the request fails with 409 "index_already_exists"

  @id:idx-list @op:databases.listIndexes
  Scenario: Indexes are listed
    Given "books" has a key index "by_title" on "title"
    And "books" has a key index "by_year" on "year"
    When the server sends GET /databases/{db}/collections/{books}/indexes
    Then the response status is 200
    And the response field "total" is 2
    And the response field "indexes.1.key" is "by_year"

  @id:idx-list-queries @op:databases.listIndexes
  Scenario: Indexes are listed with queries on key, type, status, attributes
    Given "books" has a key index "by_title" on "title"
    And "books" has a unique index "unique_year" on "year"
    When the server sends GET /databases/{db}/collections/{books}/indexes with the queries:
      | {"method":"equal","attribute":"type","values":["unique"]} |
    Then the response status is 200
    And the response field "total" is 1
    And the response field "indexes.0.key" is "unique_year"

  @id:idx-get-missing @op:databases.getIndex
  Scenario: An unknown index is a 404
    When the server sends GET /databases/{db}/collections/{books}/indexes/nothing
    Then the request fails with 404 "index_not_found"

  @id:idx-delete @op:databases.deleteIndex
  Scenario: A deleted index is gone
    Given "books" has a key index "by_title" on "title"
    When the server sends DELETE /databases/{db}/collections/{books}/indexes/by_title
    Then the response status is 204
    When the server sends GET /databases/{db}/collections/{books}/indexes/by_title
    Then the request fails with 404 "index_not_found"

  @id:idx-delete-missing @op:databases.deleteIndex
  Scenario: Deleting an unknown index is a 404
    When the server sends DELETE /databases/{db}/collections/{books}/indexes/nothing
    Then the request fails with 404 "index_not_found"

  @id:idx-unique-update @op:databases.updateDocument @op:databases.upsertDocument
  Scenario: An update or upsert that would duplicate a unique value is refused the same way
    Given "books" has a unique index "unique_title" on "title"
    And "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune"}, {"$id": "emma", "title": "Emma"}]
      """
    When the server sends PATCH /databases/{db}/collections/{books}/documents/emma with:
      """
      {"data": {"title": "Dune"}}
      """
    Then the request fails with 409 "document_already_exists"
    When the server sends PUT /databases/{db}/collections/{books}/documents/hobbit with:
      """
      {"data": {"title": "Dune"}}
      """
    Then the request fails with 409 "document_already_exists"
    When the server sends GET /databases/{db}/collections/{books}/documents/emma
    Then the response field "title" is "Emma"

  @id:idx-unique-null @op:databases.createDocument
  Scenario: A unique index lets many documents leave the attribute empty
    Given "books" has a unique index "unique_title" on "title"
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documents": [{"$id": "a", "year": 1}, {"$id": "b", "year": 2}]}
      """
    Then the response status is 201
    And the response field "total" is 2
