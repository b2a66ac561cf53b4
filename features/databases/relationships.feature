@databases @relationships
Feature: Relationships
  A relationship attribute links a collection's documents to another collection's:
  oneToOne, oneToMany, manyToOne or manyToMany. Two-way relationships add a twin
  attribute to the related collection. Documents name their related documents by ID or
  carry them nested (created on the way). Reads load related documents only when a
  select query names them. Deleting a document applies the relationship's onDelete rule
  to the documents linked to it: restrict refuses, setNull unlinks, cascade deletes them.

  Background:
    Given a collection "people"
    And a collection "libraries"
    And "people" has the attributes:
      | type   | key  | options      |
      | string | name | {"size": 64} |
    And "libraries" has the attributes:
      | type   | key   | options      |
      | string | title | {"size": 64} |

  # --- the attributes ---------------------------------------------------------------

  @id:rel-create-answer @op:databases.createRelationshipAttribute @op:databases.getAttribute
  Scenario: Creating a relationship answers 202 with its options, then it becomes available
    When the server sends POST /databases/{db}/collections/{people}/attributes/relationship with:
      """
      {"relatedCollectionId": "{libraries}", "type": "oneToOne", "key": "library", "twoWay": true, "twoWayKey": "owner", "onDelete": "cascade"}
      """
    Then the response status is 202
    And the response body matches:
      """
      {"key": "library", "type": "relationship", "status": "processing", "error": "", "required": false, "array": false,
       "relatedCollection": "{libraries}", "relationType": "oneToOne", "twoWay": true, "twoWayKey": "owner",
       "onDelete": "cascade", "side": "parent", "$createdAt": "<datetime>", "$updatedAt": "<datetime>"}
      """
    And the attribute "library" of "people" becomes available

  @id:rel-defaults @op:databases.createRelationshipAttribute
  Scenario: Without key, twoWayKey and onDelete the relationship takes the related collection's ID, the collection's ID and restrict
    When the server sends POST /databases/{db}/collections/{people}/attributes/relationship with:
      """
      {"relatedCollectionId": "{libraries}", "type": "manyToOne"}
      """
    Then the response status is 202
    And the response body matches:
      """
      {"key": "{libraries}", "twoWay": false, "twoWayKey": "{people}", "onDelete": "restrict", "relationType": "manyToOne"}
      """

  @id:rel-two-way-twin @op:databases.createRelationshipAttribute @op:databases.listAttributes
  Scenario: A two-way relationship adds its twin to the related collection
    Given "people" has the attributes:
      | type         | key       | options                                                                                              |
      | relationship | libraries | {"relatedCollectionId": "{libraries}", "type": "oneToMany", "twoWay": true, "twoWayKey": "owner"} |
    When the server sends GET /databases/{db}/collections/{libraries}/attributes
    Then the response status is 200
    And the response body matches:
      """
      {"total": 2, "attributes": [
        {"key": "title", "type": "string"},
        {"key": "owner", "type": "relationship", "relatedCollection": "{people}", "relationType": "oneToMany",
         "twoWay": true, "twoWayKey": "libraries", "onDelete": "restrict", "side": "child"}
      ]}
      """

  @id:rel-one-way-no-twin @op:databases.createRelationshipAttribute @op:databases.listAttributes @op:databases.getCollection
  Scenario: A one-way relationship leaves the related collection's attributes alone
    Given "people" has the attributes:
      | type         | key     | options                                                      |
      | relationship | library | {"relatedCollectionId": "{libraries}", "type": "oneToOne"} |
    When the server sends GET /databases/{db}/collections/{libraries}/attributes
    Then the response body matches:
      """
      {"total": 1, "attributes": [{"key": "title"}]}
      """
    When the server sends GET /databases/{db}/collections/{people}
    Then the response body matches:
      """
      {"attributes": [{"key": "name"}, {"key": "library", "type": "relationship", "relatedCollection": "{libraries}", "twoWay": false}]}
      """

  @id:rel-unknown-related @op:databases.createRelationshipAttribute
  Scenario: A relationship to a collection that does not exist is refused
    When the server sends POST /databases/{db}/collections/{people}/attributes/relationship with:
      """
      {"relatedCollectionId": "nowhere", "type": "oneToOne"}
      """
    Then the request fails with 404 "collection_not_found"

  @id:rel-invalid-type @op:databases.createRelationshipAttribute
  Scenario Outline: The relation type and onDelete rule come from fixed lists: <case>
    When the server sends POST /databases/{db}/collections/{people}/attributes/relationship with:
      """
      <body>
      """
    Then the request fails with 400 "general_argument_invalid"

    Examples:
      | case             | body                                                                                 |
      | unknown type     | {"relatedCollectionId": "{libraries}", "type": "oneToFew"}                          |
      | missing type     | {"relatedCollectionId": "{libraries}"}                                               |
      | unknown onDelete | {"relatedCollectionId": "{libraries}", "type": "oneToOne", "onDelete": "explode"} |

  @id:rel-duplicate-key @op:databases.createRelationshipAttribute
  Scenario: A relationship key must not be taken by another attribute
    When the server sends POST /databases/{db}/collections/{people}/attributes/relationship with:
      """
      {"relatedCollectionId": "{libraries}", "type": "oneToOne", "key": "name"}
      """
    Then the request fails with 409 "attribute_already_exists"

  @id:rel-duplicate-two-way-key @op:databases.createRelationshipAttribute
  Scenario: A twin key already used towards the same collection is refused, and so is a taken twin key
    Given "people" has the attributes:
      | type         | key     | options                                                                                           |
      | relationship | library | {"relatedCollectionId": "{libraries}", "type": "oneToOne", "twoWay": true, "twoWayKey": "owner"} |
    When the server sends POST /databases/{db}/collections/{people}/attributes/relationship with:
      """
      {"relatedCollectionId": "{libraries}", "type": "oneToMany", "key": "shelves", "twoWay": true, "twoWayKey": "owner"}
      """
    Then the request fails with 409 "attribute_already_exists"
    When the server sends POST /databases/{db}/collections/{people}/attributes/relationship with:
      """
      {"relatedCollectionId": "{libraries}", "type": "oneToMany", "key": "shelves", "twoWay": true, "twoWayKey": "title"}
      """
    Then the request fails with 409 "attribute_already_exists"

  @id:rel-many-to-many-once @op:databases.createRelationshipAttribute
  Scenario: Only one manyToMany relationship may join the same two collections
    Given "people" has the attributes:
      | type         | key    | options                                                          |
      | relationship | visits | {"relatedCollectionId": "{libraries}", "type": "manyToMany"} |
    When the server sends POST /databases/{db}/collections/{people}/attributes/relationship with:
      """
      {"relatedCollectionId": "{libraries}", "type": "manyToMany", "key": "favourites", "twoWayKey": "fans"}
      """
    Then the request fails with 409 "attribute_already_exists"
    And the response field "message" contains "manyToMany"

  @id:rel-update-on-delete @op:databases.updateRelationshipAttribute @op:databases.getAttribute
  Scenario: Updating a relationship changes its onDelete rule on both sides
    Given "people" has the attributes:
      | type         | key     | options                                                                                           |
      | relationship | library | {"relatedCollectionId": "{libraries}", "type": "oneToOne", "twoWay": true, "twoWayKey": "owner"} |
    When the server sends PATCH /databases/{db}/collections/{people}/attributes/relationship/library with:
      """
      {"onDelete": "cascade"}
      """
    Then the response status is 200
    And the response body matches:
      """
      {"key": "library", "type": "relationship", "onDelete": "cascade", "relationType": "oneToOne", "twoWayKey": "owner"}
      """
    When the server sends GET /databases/{db}/collections/{libraries}/attributes/owner
    Then the response field "onDelete" is "cascade"

  @id:rel-update-new-key @op:databases.updateRelationshipAttribute
  Scenario: Renaming a relationship renames the attribute and the twin's twoWayKey follows
    Given "people" has the attributes:
      | type         | key     | options                                                                                           |
      | relationship | library | {"relatedCollectionId": "{libraries}", "type": "oneToOne", "twoWay": true, "twoWayKey": "owner"} |
    When the server sends PATCH /databases/{db}/collections/{people}/attributes/relationship/library with:
      """
      {"newKey": "home"}
      """
    Then the response status is 200
    And the response field "key" is "home"
    When the server sends GET /databases/{db}/collections/{libraries}/attributes/owner
    Then the response field "twoWayKey" is "home"
    When the server sends GET /databases/{db}/collections/{people}/attributes/library
    Then the request fails with 404 "attribute_not_found"

  @id:rel-update-errors @op:databases.updateRelationshipAttribute
  Scenario: Updating an unknown relationship, to an unknown rule or onto a taken key is refused
    Given "people" has the attributes:
      | type         | key     | options                                                      |
      | relationship | library | {"relatedCollectionId": "{libraries}", "type": "oneToOne"} |
    When the server sends PATCH /databases/{db}/collections/{people}/attributes/relationship/nothing with:
      """
      {"onDelete": "cascade"}
      """
    Then the request fails with 404 "attribute_not_found"
    When the server sends PATCH /databases/{db}/collections/{people}/attributes/relationship/library with:
      """
      {"onDelete": "explode"}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends PATCH /databases/{db}/collections/{people}/attributes/relationship/library with:
      """
      {"newKey": "name"}
      """
    Then the request fails with 409 "attribute_already_exists"

  @id:rel-delete-attribute @op:databases.deleteAttribute @op:databases.createRelationshipAttribute
  Scenario: Deleting a two-way relationship deletes its twin too
    Given "people" has the attributes:
      | type         | key     | options                                                                                           |
      | relationship | library | {"relatedCollectionId": "{libraries}", "type": "oneToOne", "twoWay": true, "twoWayKey": "owner"} |
    When the server sends DELETE /databases/{db}/collections/{people}/attributes/library
    Then the response status is 204
    When the server sends GET /databases/{db}/collections/{libraries}/attributes until the response field "total" is 1
    Then the response body matches:
      """
      {"total": 1, "attributes": [{"key": "title"}]}
      """

  # --- documents -----------------------------------------------------------------------

  @id:rel-nested-create-one-to-one @op:databases.createDocument @op:databases.getDocument
  Scenario: A nested document is created with its parent and linked both ways
    Given "people" has the attributes:
      | type         | key     | options                                                                                           |
      | relationship | library | {"relatedCollectionId": "{libraries}", "type": "oneToOne", "twoWay": true, "twoWayKey": "owner"} |
    When the server sends POST /databases/{db}/collections/{people}/documents with:
      """
      {"documentId": "ada", "data": {"name": "Ada", "library": {"$id": "attic", "title": "Attic"}}, "permissions": ["read(\"any\")"]}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"$id": "ada", "name": "Ada", "library": {"$id": "attic", "title": "Attic", "$collectionId": "{libraries}", "$databaseId": "{db}",
       "$sequence": "<non-empty string>", "$permissions": ["read(\"any\")"]}}
      """
    When the server sends GET /databases/{db}/collections/{libraries}/documents/attic with queries:
      """
      {"method": "select", "values": ["*", "owner.*"]}
      """
    Then the response status is 200
    And the response body matches:
      """
      {"$id": "attic", "title": "Attic", "owner": {"$id": "ada", "name": "Ada"}}
      """

  @id:rel-nested-create-without-id @op:databases.createDocument
  Scenario: A nested document without $id gets a new ID and the parent's permissions
    Given "people" has the attributes:
      | type         | key       | options                                                           |
      | relationship | libraries | {"relatedCollectionId": "{libraries}", "type": "oneToMany"} |
    When the server sends POST /databases/{db}/collections/{people}/documents with:
      """
      {"documentId": "ada", "data": {"name": "Ada", "libraries": [{"title": "Attic"}, {"$id": "cellar", "title": "Cellar", "$permissions": []}]},
       "permissions": ["read(\"users\")"]}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"libraries": [
        {"$id": "<non-empty string>", "title": "Attic", "$permissions": ["read(\"users\")"]},
        {"$id": "cellar", "title": "Cellar", "$permissions": []}
      ]}
      """
    When the server sends GET /databases/{db}/collections/{libraries}/documents
    Then the response field "total" is 2

  @id:rel-link-by-id @op:databases.createDocument
  Scenario: Related documents are named by ID; an unknown ID links nothing
    Given "people" has the attributes:
      | type         | key     | options                                                       |
      | relationship | library | {"relatedCollectionId": "{libraries}", "type": "manyToOne"} |
    And "libraries" has the documents:
      """
      [{"$id": "attic", "title": "Attic"}]
      """
    When the server sends POST /databases/{db}/collections/{people}/documents with:
      """
      {"documentId": "ada", "data": {"name": "Ada", "library": "attic"}}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"library": {"$id": "attic", "title": "Attic"}}
      """
    When the server sends POST /databases/{db}/collections/{people}/documents with:
      """
      {"documentId": "bob", "data": {"name": "Bob", "library": "nowhere"}}
      """
    Then the response status is 201
    And the response field "library" is null

  @id:rel-value-invalid @op:databases.createDocument
  Scenario Outline: A relationship value of the wrong shape is refused: <case>
    Given "people" has the attributes:
      | type         | key       | options                                                           |
      | relationship | libraries | {"relatedCollectionId": "{libraries}", "type": "oneToMany"} |
      | relationship | favourite | {"relatedCollectionId": "{libraries}", "type": "manyToOne", "twoWayKey": "fans"} |
    When the server sends POST /databases/{db}/collections/{people}/documents with:
      """
      {"documentId": "ada", "data": <data>}
      """
    Then the request fails with 400 "relationship_value_invalid"

    Examples:
      | case                         | data                               |
      | one ID for a many side       | {"libraries": "attic"}             |
      | a list for a single side     | {"favourite": ["attic"]}           |
      | a number for a single side   | {"favourite": 7}                   |

  @id:rel-one-to-many-both-sides @op:databases.createDocument @op:databases.getDocument
  Scenario: oneToMany: the parent lists its children, each child names its parent
    Given "people" has the attributes:
      | type         | key       | options                                                                                              |
      | relationship | libraries | {"relatedCollectionId": "{libraries}", "type": "oneToMany", "twoWay": true, "twoWayKey": "owner"} |
    And "people" has the documents:
      """
      [{"$id": "ada", "name": "Ada", "libraries": [{"$id": "attic", "title": "Attic"}, {"$id": "cellar", "title": "Cellar"}]}]
      """
    When the server sends GET /databases/{db}/collections/{people}/documents/ada with queries:
      """
      {"method": "select", "values": ["*", "libraries.*"]}
      """
    Then the response body matches:
      """
      {"$id": "ada", "libraries": [{"$id": "attic", "title": "Attic"}, {"$id": "cellar", "title": "Cellar"}]}
      """
    When the server sends GET /databases/{db}/collections/{libraries}/documents/cellar with queries:
      """
      {"method": "select", "values": ["owner.$id"]}
      """
    Then the response body matches:
      """
      {"$id": "cellar", "owner": {"$id": "ada"}}
      """

  @id:rel-many-to-one-both-sides @op:databases.createDocument @op:databases.listDocuments
  Scenario: manyToOne: many documents share one related document, which lists them back
    Given "people" has the attributes:
      | type         | key     | options                                                                                                  |
      | relationship | library | {"relatedCollectionId": "{libraries}", "type": "manyToOne", "twoWay": true, "twoWayKey": "readers"} |
    And "libraries" has the documents:
      """
      [{"$id": "attic", "title": "Attic"}]
      """
    And "people" has the documents:
      """
      [{"$id": "ada", "name": "Ada", "library": "attic"}, {"$id": "bob", "name": "Bob", "library": "attic"}]
      """
    When the server sends GET /databases/{db}/collections/{libraries}/documents with queries:
      """
      {"method": "select", "values": ["title", "readers.name"]}
      """
    Then the response body matches:
      """
      {"total": 1, "documents": [{"$id": "attic", "title": "Attic", "readers": [{"$id": "ada", "name": "Ada"}, {"$id": "bob", "name": "Bob"}]}]}
      """

  @id:rel-many-to-many-both-sides @op:databases.createDocument @op:databases.getDocument
  Scenario: manyToMany: links go both ways and a document may be linked from many others
    Given "people" has the attributes:
      | type         | key    | options                                                                                                  |
      | relationship | visits | {"relatedCollectionId": "{libraries}", "type": "manyToMany", "twoWay": true, "twoWayKey": "visitors"} |
    And "people" has the documents:
      """
      [{"$id": "ada", "name": "Ada", "visits": [{"$id": "attic", "title": "Attic"}, {"$id": "cellar", "title": "Cellar"}]},
       {"$id": "bob", "name": "Bob", "visits": ["attic"]}]
      """
    When the server sends GET /databases/{db}/collections/{libraries}/documents/attic with queries:
      """
      {"method": "select", "values": ["visitors.$id"]}
      """
    Then the response body matches:
      """
      {"visitors": [{"$id": "ada"}, {"$id": "bob"}]}
      """
    When the server sends GET /databases/{db}/collections/{people}/documents/bob with queries:
      """
      {"method": "select", "values": ["*", "visits.title"]}
      """
    Then the response body matches:
      """
      {"name": "Bob", "visits": [{"$id": "attic", "title": "Attic"}]}
      """

  @id:rel-read-without-select @op:databases.getDocument @op:databases.listDocuments
  Scenario: Without a select naming them, related documents are not loaded; a side that stores the link shows the related ID
    Given "people" has the attributes:
      | type         | key       | options                                                                                                  |
      | relationship | libraries | {"relatedCollectionId": "{libraries}", "type": "oneToMany", "twoWay": true, "twoWayKey": "owner"}     |
    And "people" has the documents:
      """
      [{"$id": "ada", "name": "Ada", "libraries": [{"$id": "attic", "title": "Attic"}]}]
      """
    When the server sends GET /databases/{db}/collections/{people}/documents/ada
    Then the response body matches:
      """
      {"$id": "ada", "name": "Ada", "libraries": "<absent>"}
      """
    When the server sends GET /databases/{db}/collections/{libraries}/documents/attic
    Then the response body matches:
      """
      {"$id": "attic", "title": "Attic", "owner": "ada"}
      """

  @id:rel-select-related-attributes @op:databases.getDocument
  Scenario: A select of related attributes loads the related documents with those attributes only
    Given "libraries" has the attributes:
      | type   | key  | options      |
      | string | city | {"size": 64} |
    And "people" has the attributes:
      | type         | key     | options                                                       |
      | relationship | library | {"relatedCollectionId": "{libraries}", "type": "manyToOne"} |
    And "people" has the documents:
      """
      [{"$id": "ada", "name": "Ada", "library": {"$id": "attic", "title": "Attic", "city": "Paris"}}]
      """
    When the server sends GET /databases/{db}/collections/{people}/documents/ada with queries:
      """
      {"method": "select", "values": ["library.city"]}
      """
    Then the response status is 200
    And the response body matches:
      """
      {"$id": "ada", "name": "<absent>", "library": {"$id": "attic", "city": "Paris", "title": "<absent>"}}
      """

  @id:rel-update-links @op:databases.updateDocument
  Scenario: Updating a relationship replaces the links; null unlinks a single side
    Given "people" has the attributes:
      | type         | key       | options                                                                                              |
      | relationship | libraries | {"relatedCollectionId": "{libraries}", "type": "oneToMany", "twoWay": true, "twoWayKey": "owner"} |
    And "people" has the documents:
      """
      [{"$id": "ada", "name": "Ada", "libraries": [{"$id": "attic", "title": "Attic"}, {"$id": "cellar", "title": "Cellar"}]}]
      """
    When the server sends PATCH /databases/{db}/collections/{people}/documents/ada with:
      """
      {"data": {"libraries": ["cellar", {"$id": "garage", "title": "Garage"}]}}
      """
    Then the response status is 200
    And the response body matches:
      """
      {"libraries": [{"$id": "cellar"}, {"$id": "garage", "title": "Garage"}]}
      """
    When the server sends PATCH /databases/{db}/collections/{libraries}/documents/garage with:
      """
      {"data": {"owner": null}}
      """
    Then the response field "owner" is null
    When the server sends GET /databases/{db}/collections/{people}/documents/ada with queries:
      """
      {"method": "select", "values": ["libraries.$id"]}
      """
    Then the response body matches:
      """
      {"libraries": [{"$id": "cellar"}]}
      """

  @id:rel-related-permissions @op:databases.getDocument @permissions
  Scenario: Related documents the caller may not read are left out
    Given a signed-in user "alice"
    And a collection "shelves" with:
      """
      {"permissions": ["read(\"users\")"], "documentSecurity": true}
      """
    And a collection "books" with:
      """
      {"documentSecurity": true}
      """
    And "books" has the attributes:
      | type   | key   | options      |
      | string | title | {"size": 64} |
    And "shelves" has the attributes:
      | type         | key   | options                                                   |
      | relationship | books | {"relatedCollectionId": "{books}", "type": "oneToMany"} |
    And "shelves" has the documents:
      """
      [{"$id": "s1", "books": [{"$id": "open", "title": "Open", "$permissions": ["read(\"users\")"]}, {"$id": "secret", "title": "Secret", "$permissions": []}]}]
      """
    When "alice" sends GET /databases/{db}/collections/{shelves}/documents/s1 with queries:
      """
      {"method": "select", "values": ["books.*"]}
      """
    Then the response status is 200
    And the response body matches:
      """
      {"books": [{"$id": "open", "title": "Open"}]}
      """

  @id:rel-bulk-create-refused @op:databases.createDocuments
  Scenario: Documents of a collection with relationships cannot be created in bulk
    Given "people" has the attributes:
      | type         | key     | options                                                      |
      | relationship | library | {"relatedCollectionId": "{libraries}", "type": "oneToOne"} |
    When the server sends POST /databases/{db}/collections/{people}/documents with:
      """
      {"documents": [{"$id": "ada", "name": "Ada"}]}
      """
    Then the request fails with 400 "general_bad_request"

  # --- onDelete --------------------------------------------------------------------------

  @id:rel-on-delete-cascade @op:databases.deleteDocument
  Scenario: cascade deletes the children of a oneToMany parent with it
    Given "people" has the attributes:
      | type         | key       | options                                                                                                                 |
      | relationship | libraries | {"relatedCollectionId": "{libraries}", "type": "oneToMany", "twoWay": true, "twoWayKey": "owner", "onDelete": "cascade"} |
    And "people" has the documents:
      """
      [{"$id": "ada", "name": "Ada", "libraries": [{"$id": "attic", "title": "Attic"}, {"$id": "cellar", "title": "Cellar"}]}]
      """
    And "libraries" has the documents:
      """
      [{"$id": "garage", "title": "Garage"}]
      """
    When the server sends DELETE /databases/{db}/collections/{people}/documents/ada
    Then the response status is 204
    When the server sends GET /databases/{db}/collections/{libraries}/documents
    Then the response lists the documents "garage" in any order

  @id:rel-on-delete-cascade-child-side @op:databases.deleteDocument
  Scenario: cascade from the child of a oneToMany leaves the parent
    Given "people" has the attributes:
      | type         | key       | options                                                                                                                 |
      | relationship | libraries | {"relatedCollectionId": "{libraries}", "type": "oneToMany", "twoWay": true, "twoWayKey": "owner", "onDelete": "cascade"} |
    And "people" has the documents:
      """
      [{"$id": "ada", "name": "Ada", "libraries": [{"$id": "attic", "title": "Attic"}, {"$id": "cellar", "title": "Cellar"}]}]
      """
    When the server sends DELETE /databases/{db}/collections/{libraries}/documents/attic
    Then the response status is 204
    When the server sends GET /databases/{db}/collections/{people}/documents/ada with queries:
      """
      {"method": "select", "values": ["libraries.$id"]}
      """
    Then the response body matches:
      """
      {"$id": "ada", "libraries": [{"$id": "cellar"}]}
      """

  @id:rel-on-delete-restrict @op:databases.deleteDocument @op:databases.updateDocument
  Scenario: restrict refuses to delete a parent that still has related documents
    Given "people" has the attributes:
      | type         | key     | options                                                                                                                 |
      | relationship | library | {"relatedCollectionId": "{libraries}", "type": "oneToOne", "twoWay": true, "twoWayKey": "owner", "onDelete": "restrict"} |
    And "people" has the documents:
      """
      [{"$id": "ada", "name": "Ada", "library": {"$id": "attic", "title": "Attic"}}]
      """
    When the server sends DELETE /databases/{db}/collections/{people}/documents/ada
    Then the request fails with 403 "document_delete_restricted"
    When the server sends GET /databases/{db}/collections/{people}/documents/ada
    Then the response status is 200
    When the server sends PATCH /databases/{db}/collections/{people}/documents/ada with:
      """
      {"data": {"library": null}}
      """
    Then the response status is 200
    When the server sends DELETE /databases/{db}/collections/{people}/documents/ada
    Then the response status is 204
    When the server sends GET /databases/{db}/collections/{libraries}/documents/attic
    Then the response status is 200

  @id:rel-on-delete-restrict-many-to-one @op:databases.deleteDocument
  Scenario: restrict on manyToOne guards the shared document, not the documents pointing at it
    Given "people" has the attributes:
      | type         | key     | options                                                                                                   |
      | relationship | library | {"relatedCollectionId": "{libraries}", "type": "manyToOne", "twoWay": true, "twoWayKey": "readers"} |
    And "people" has the documents:
      """
      [{"$id": "ada", "name": "Ada", "library": {"$id": "attic", "title": "Attic"}}, {"$id": "bob", "name": "Bob", "library": "attic"}]
      """
    When the server sends DELETE /databases/{db}/collections/{libraries}/documents/attic
    Then the request fails with 403 "document_delete_restricted"
    When the server sends DELETE /databases/{db}/collections/{people}/documents/ada
    Then the response status is 204
    When the server sends GET /databases/{db}/collections/{libraries}/documents/attic with queries:
      """
      {"method": "select", "values": ["readers.$id"]}
      """
    Then the response body matches:
      """
      {"readers": [{"$id": "bob"}]}
      """

  @id:rel-on-delete-set-null @op:databases.deleteDocument
  Scenario: setNull unlinks the related documents and keeps them
    Given "people" has the attributes:
      | type         | key     | options                                                                                                                  |
      | relationship | library | {"relatedCollectionId": "{libraries}", "type": "manyToOne", "twoWay": true, "twoWayKey": "readers", "onDelete": "setNull"} |
    And "people" has the documents:
      """
      [{"$id": "ada", "name": "Ada", "library": {"$id": "attic", "title": "Attic"}}, {"$id": "bob", "name": "Bob", "library": "attic"}]
      """
    When the server sends DELETE /databases/{db}/collections/{libraries}/documents/attic
    Then the response status is 204
    When the server sends GET /databases/{db}/collections/{people}/documents with queries:
      """
      {"method": "select", "values": ["name", "library.*"]}
      """
    Then the response body matches:
      """
      {"total": 2, "documents": [{"$id": "ada", "library": null}, {"$id": "bob", "library": null}]}
      """

  @id:rel-on-delete-many-to-many @op:databases.deleteDocument
  Scenario: manyToMany cascade from the parent deletes the related documents; setNull only unlinks
    Given a collection "tags"
    And "tags" has the attributes:
      | type   | key   | options      |
      | string | label | {"size": 16} |
    And "people" has the attributes:
      | type         | key    | options                                                                                                                       |
      | relationship | visits | {"relatedCollectionId": "{libraries}", "type": "manyToMany", "twoWay": true, "twoWayKey": "visitors", "onDelete": "cascade"} |
      | relationship | tags   | {"relatedCollectionId": "{tags}", "type": "manyToMany", "onDelete": "setNull"}                                                |
    And "people" has the documents:
      """
      [{"$id": "ada", "name": "Ada", "visits": [{"$id": "attic", "title": "Attic"}], "tags": [{"$id": "t1", "label": "one"}]}]
      """
    When the server sends DELETE /databases/{db}/collections/{people}/documents/ada
    Then the response status is 204
    When the server sends GET /databases/{db}/collections/{libraries}/documents/attic
    Then the request fails with 404 "document_not_found"
    When the server sends GET /databases/{db}/collections/{tags}/documents/t1
    Then the response status is 200

  @id:rel-on-delete-one-transaction @op:databases.deleteDocument
  Scenario: A cascade stopped by a restrict further on deletes nothing
    Given a collection "books"
    And "books" has the attributes:
      | type   | key   | options      |
      | string | title | {"size": 64} |
    And "people" has the attributes:
      | type         | key     | options                                                                                        |
      | relationship | library | {"relatedCollectionId": "{libraries}", "type": "oneToOne", "onDelete": "cascade"}            |
    And "libraries" has the attributes:
      | type         | key   | options                                                                        |
      | relationship | books | {"relatedCollectionId": "{books}", "type": "oneToMany", "onDelete": "restrict"} |
    And "people" has the documents:
      """
      [{"$id": "ada", "name": "Ada", "library": {"$id": "attic", "title": "Attic", "books": [{"$id": "b1", "title": "Dune"}]}}]
      """
    When the server sends DELETE /databases/{db}/collections/{people}/documents/ada
    Then the request fails with 403 "document_delete_restricted"
    When the server sends GET /databases/{db}/collections/{people}/documents/ada
    Then the response status is 200
    When the server sends GET /databases/{db}/collections/{libraries}/documents/attic
    Then the response status is 200

  @id:rel-upsert-links @op:databases.upsertDocument
  Scenario: Upserting a document links its related documents like creating one does
    Given "people" has the attributes:
      | type         | key     | options                                                                                                 |
      | relationship | library | {"relatedCollectionId": "{libraries}", "type": "manyToOne", "twoWay": true, "twoWayKey": "readers"} |
    When the server sends PUT /databases/{db}/collections/{people}/documents/ada with:
      """
      {"data": {"name": "Ada", "library": {"$id": "attic", "title": "Attic"}}}
      """
    Then the response status is 201
    And the response field "library.$id" is "attic"
    When the server sends GET /databases/{db}/collections/{libraries}/documents/attic with queries:
      """
      {"method": "select", "values": ["readers.$id"]}
      """
    Then the response body matches:
      """
      {"readers": [{"$id": "ada"}]}
      """

  @id:rel-deleted-collection-drops-twin @op:databases.deleteCollection @op:databases.listAttributes
  Scenario: Deleting the related collection removes the relationship attribute pointing at it
    Given "people" has the attributes:
      | type         | key     | options                                                                                           |
      | relationship | library | {"relatedCollectionId": "{libraries}", "type": "oneToOne", "twoWay": true, "twoWayKey": "owner"} |
    When the server sends DELETE /databases/{db}/collections/{libraries}
    Then the response status is 204
    When the server sends GET /databases/{db}/collections/{people}/attributes until the response field "total" is 1
    Then the response body matches:
      """
      {"total": 1, "attributes": [{"key": "name"}]}
      """

  @id:rel-related-permissions-list @op:databases.listDocuments @permissions
  Scenario: Lists load only the related documents the caller may read
    Given a signed-in user "alice"
    And a collection "authors" with:
      """
      {"permissions": ["read(\"users\")"]}
      """
    And a collection "letters" with:
      """
      {"documentSecurity": true}
      """
    And "letters" has the attributes:
      | type   | key     | options      |
      | string | subject | {"size": 64} |
    And "authors" has the attributes:
      | type         | key     | options                                                      |
      | relationship | letters | {"relatedCollectionId": "{letters}", "type": "manyToMany"} |
    And "authors" has the documents:
      """
      [{"$id": "a1", "letters": [{"$id": "public", "subject": "Hello", "$permissions": ["read(\"any\")"]}, {"$id": "private", "subject": "Secret", "$permissions": []}]}]
      """
    When "alice" sends GET /databases/{db}/collections/{authors}/documents with queries:
      """
      {"method": "select", "values": ["letters.subject"]}
      """
    Then the response status is 200
    And the response body matches:
      """
      {"total": 1, "documents": [{"$id": "a1", "letters": [{"$id": "public", "subject": "Hello"}]}]}
      """
