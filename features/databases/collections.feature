@databases
Feature: Collections
  A collection holds documents and says who may read, create, update and delete them
  (`$permissions`). With `documentSecurity` on, each document's own permissions grant
  access too. Collections are managed with a server key (`collections.read` / `.write`).

  @id:coll-create @op:databases.createCollection
  Scenario: A new collection has its permissions, no attributes and no indexes
    Given a collection "seed"
    When the server sends POST /databases/{db}/collections with:
      """
      {"collectionId": "{new-id:books}", "name": "Books", "permissions": ["read(\"any\")", "write(\"users\")"], "documentSecurity": true}
      """
    Then the response status is 201
    And the response body matches:
      """
      {
        "name": "Books", "databaseId": "{db}", "enabled": true, "documentSecurity": true,
        "$permissions": ["read(\"any\")", "create(\"users\")", "update(\"users\")", "delete(\"users\")"],
        "attributes": [], "indexes": [], "bytesMax": "<integer>", "bytesUsed": "<integer>"
      }
      """

  @id:coll-create-defaults @op:databases.createCollection
  Scenario: By default a collection is enabled, without document security or permissions
    Given a collection "seed"
    When the server sends POST /databases/{db}/collections with:
      """
      {"collectionId": "{new-id:plain}", "name": "Plain"}
      """
    Then the response status is 201
    And the response field "enabled" is true
    And the response field "documentSecurity" is false
    And the response field "$permissions" is []

  @id:coll-create-duplicate @op:databases.createCollection
  Scenario: A collection ID is unique within its database
    Given a collection "books"
    When the server sends POST /databases/{db}/collections with:
      """
      {"collectionId": "{books}", "name": "Again"}
      """
    Then the request fails with 409 "collection_already_exists"

  @id:coll-create-bad-permission @op:databases.createCollection
  Scenario: Permission strings must name a known action and role
    Given a collection "seed"
    When the server sends POST /databases/{db}/collections with:
      """
      {"collectionId": "{new-id:bad}", "name": "Bad", "permissions": ["fly(\"any\")"]}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:coll-create-missing-database @op:databases.createCollection
  Scenario: Collections need an existing database
    When the server sends POST /databases/no-such-database/collections with:
      """
      {"collectionId": "{new-id:c}", "name": "Orphan"}
      """
    Then the request fails with 404 "database_not_found"

  @id:coll-get @op:databases.getCollection
  Scenario: A collection reads back with its attributes and indexes
    Given a collection "books"
    And "books" has the attributes:
      | type   | key   | options     |
      | string | title | {"size": 64} |
    And "books" has a key index "by_title" on "title"
    When the server sends GET /databases/{db}/collections/{books}
    Then the response status is 200
    And the response field "attributes.0.key" is "title"
    And the response field "indexes.0.key" is "by_title"

  @id:coll-get-missing @op:databases.getCollection
  Scenario: An unknown collection is a 404
    Given a collection "books"
    When the server sends GET /databases/{db}/collections/no-such-collection
    Then the request fails with 404 "collection_not_found"

  @id:coll-list @op:databases.listCollections
  Scenario: Collections of a database are listed and filtered
    Given a collection "books"
    And a collection "films"
    When the server sends GET /databases/{db}/collections
    Then the response status is 200
    And the response field "total" is 2
    When the server sends GET /databases/{db}/collections with the queries:
      | {"method":"equal","attribute":"name","values":["films"]} |
    Then the response status is 200
    And the response field "total" is 1
    And the response field "collections.0.$id" is "{films}"

  @id:coll-list-search @op:databases.listCollections
  Scenario: The search param finds collections by name, and queries take only name, enabled, documentSecurity
    Given a collection "books"
    And a collection "films"
    When the server sends GET /databases/{db}/collections?search=films
    Then the response status is 200
    And the response field "total" is 1
    And the response field "collections.0.$id" is "{films}"
    When the server sends GET /databases/{db}/collections with the queries:
      | {"method":"equal","attribute":"attributes","values":["x"]} |
    Then the request fails with 400 "general_argument_invalid"

  @id:coll-list-total-false @op:databases.listCollections
  Scenario: total=false skips counting
    Given a collection "books"
    When the server sends GET /databases/{db}/collections?total=false
    Then the response status is 200
    And the response field "total" is 0
    And the response field "collections.0.$id" is "{books}"

  @id:coll-update @op:databases.updateCollection
  Scenario: Name, permissions, document security and enabled can change
    Given a collection "books"
    When the server sends PUT /databases/{db}/collections/{books} with:
      """
      {"name": "Novels", "permissions": ["read(\"users\")"], "documentSecurity": true, "enabled": false}
      """
    Then the response status is 200
    And the response body matches:
      """
      {"name": "Novels", "$permissions": ["read(\"users\")"], "documentSecurity": true, "enabled": false}
      """

  @id:coll-update-missing @op:databases.updateCollection
  Scenario: Updating an unknown collection is a 404
    Given a collection "books"
    When the server sends PUT /databases/{db}/collections/no-such-collection with:
      """
      {"name": "Nothing"}
      """
    Then the request fails with 404 "collection_not_found"

  @id:coll-delete @op:databases.deleteCollection
  Scenario: A deleted collection is gone
    Given a collection "books"
    When the server sends DELETE /databases/{db}/collections/{books}
    Then the response status is 204
    When the server sends GET /databases/{db}/collections/{books}
    Then the request fails with 404 "collection_not_found"

  @id:coll-delete-missing @op:databases.deleteCollection
  Scenario: Deleting an unknown collection is a 404
    Given a collection "books"
    When the server sends DELETE /databases/{db}/collections/no-such-collection
    Then the request fails with 404 "collection_not_found"

  @id:coll-needs-key @op:databases.listCollections
  Scenario: Clients cannot manage collections
    Given a collection "books"
    And a signed-in user "alice"
    When "alice" sends GET /databases/{db}/collections
    Then the request fails with 401 "general_unauthorized_scope"
