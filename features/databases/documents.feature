@databases
Feature: Documents
  Documents are JSON objects shaped by their collection's attributes. Every document
  carries the system fields $id, $sequence (a string), $collectionId, $databaseId,
  $createdAt, $updatedAt and $permissions beside its attributes.

  Background:
    Given a collection "books"
    And "books" has the attributes:
      | type    | key     | options                                     |
      | string  | title   | {"size": 32, "required": true}              |
      | integer | year    | {"min": 0, "max": 3000}                     |
      | float   | rating  | {}                                          |
      | boolean | lent    | {"default": false}                          |
      | email   | owner   | {}                                          |
      | enum    | shelf   | {"elements": ["fiction", "science"]}        |
      | string  | tags    | {"size": 16, "array": true}                 |
      | integer | copies  | {"min": 0, "max": 10}                       |

  @id:doc-create @op:databases.createDocument
  Scenario: A created document has every system field, its values and its defaults
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documentId": "dune", "data": {"title": "Dune", "year": 1965, "tags": ["sf", "desert"]}, "permissions": ["read(\"any\")"]}
      """
    Then the response status is 201
    And the response body matches:
      """
      {
        "$id": "dune", "$sequence": "<non-empty string>", "$collectionId": "{books}", "$databaseId": "{db}",
        "$createdAt": "<datetime>", "$updatedAt": "<datetime>", "$permissions": ["read(\"any\")"],
        "title": "Dune", "year": 1965, "tags": ["sf", "desert"], "lent": false, "rating": null, "owner": null
      }
      """

  @id:doc-create-unique-id @op:databases.createDocument
  Scenario: unique() lets the server choose the document ID
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documentId": "unique()", "data": {"title": "Emma"}}
      """
    Then the response status is 201
    And the response field "$id" is "<non-empty string>"

  @id:doc-create-duplicate @op:databases.createDocument
  Scenario: A document ID is unique within its collection
    Given "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune"}]
      """
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documentId": "dune", "data": {"title": "Dune again"}}
      """
    Then the request fails with 409 "document_already_exists"

  @id:doc-create-missing-data @op:databases.createDocument
  Scenario: A document needs data
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documentId": "empty"}
      """
    Then the request fails with 400 "document_missing_data"

  @id:doc-create-missing-id @op:databases.createDocument
  Scenario: A single document needs a document ID
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"data": {"title": "Nameless"}}
      """
    Then the request fails with 400 "document_missing_data"

  @id:doc-structure @op:databases.createDocument
  Scenario Outline: Data that does not fit the attributes is refused: <case>
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documentId": "bad", "data": <data>}
      """
    Then the request fails with 400 "document_invalid_structure"

    Examples:
      | case                     | data                                          |
      | unknown attribute        | {"title": "T", "colour": "red"}               |
      | missing required         | {"year": 1990}                                |
      | required set to null     | {"title": null}                               |
      | string too long          | {"title": "This title is far longer than thirty-two characters"} |
      | string of wrong type     | {"title": 42}                                 |
      | integer out of range     | {"title": "T", "year": 5000}                  |
      | float for an integer     | {"title": "T", "year": 19.5}                  |
      | text for a float         | {"title": "T", "rating": "high"}              |
      | text for a boolean       | {"title": "T", "lent": "yes"}                 |
      | invalid email            | {"title": "T", "owner": "nobody"}             |
      | value outside the enum   | {"title": "T", "shelf": "poetry"}             |
      | scalar for an array      | {"title": "T", "tags": "sf"}                  |
      | array item too long      | {"title": "T", "tags": ["a-very-long-tag-value"]} |

  @id:doc-create-collection-missing @op:databases.createDocument
  Scenario: Documents need an existing collection and database
    When the server sends POST /databases/{db}/collections/no-such-collection/documents with:
      """
      {"documentId": "x", "data": {"title": "T"}}
      """
    Then the request fails with 404 "collection_not_found"
    When the server sends POST /databases/no-such-database/collections/{books}/documents with:
      """
      {"documentId": "x", "data": {"title": "T"}}
      """
    Then the request fails with 404 "database_not_found"

  @id:doc-bulk-create @op:databases.createDocuments
  Scenario: A server key creates many documents in one request
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documents": [{"$id": "a", "title": "A"}, {"$id": "b", "title": "B", "$permissions": ["read(\"any\")"]}]}
      """
    Then the response status is 201
    And the response field "total" is 2
    And the response field "documents.1.$permissions" is ["read(\"any\")"]

  @id:doc-bulk-create-atomic @op:databases.createDocuments @op:databases.listDocuments
  Scenario: One invalid document fails the whole batch
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documents": [{"$id": "a", "title": "A"}, {"$id": "b", "title": 7}]}
      """
    Then the request fails with 400 "document_invalid_structure"
    When the server sends GET /databases/{db}/collections/{books}/documents
    Then the response lists the documents "" in any order

  @id:doc-bulk-create-key-only @op:databases.createDocuments
  Scenario: Clients cannot create documents in bulk
    Given a signed-in user "alice"
    When "alice" sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documents": [{"title": "A"}]}
      """
    Then the request fails with 401 "general_unauthorized_scope"

  @id:doc-bulk-create-and-single @op:databases.createDocuments
  Scenario: data and documents cannot be sent together
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documentId": "x", "data": {"title": "A"}, "documents": [{"title": "B"}]}
      """
    Then the request fails with 400 "general_bad_request"

  @id:doc-get @op:databases.getDocument
  Scenario: A document reads back as it was written
    Given "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune", "year": 1965, "rating": 4.5}]
      """
    When the server sends GET /databases/{db}/collections/{books}/documents/dune
    Then the response status is 200
    And the response body matches:
      """
      {"$id": "dune", "$sequence": "<non-empty string>", "title": "Dune", "year": 1965, "rating": 4.5, "lent": false}
      """

  @id:doc-get-select @op:databases.getDocument
  Scenario: select queries pick attributes; system fields always come along
    Given "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune", "year": 1965}]
      """
    When the server sends GET /databases/{db}/collections/{books}/documents/dune with the queries:
      | {"method":"select","values":["title"]} |
    Then the response status is 200
    And the response body matches:
      """
      {"$id": "dune", "$collectionId": "{books}", "title": "Dune", "year": "<absent>", "lent": "<absent>"}
      """

  @id:doc-get-select-unknown @op:databases.getDocument
  Scenario: Selecting an attribute that does not exist is an invalid query
    Given "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune"}]
      """
    When the server sends GET /databases/{db}/collections/{books}/documents/dune with the queries:
      | {"method":"select","values":["nothing"]} |
    Then the request fails with 400 "general_query_invalid"

  @id:doc-get-missing @op:databases.getDocument
  Scenario: An unknown document is a 404
    When the server sends GET /databases/{db}/collections/{books}/documents/nothing
    Then the request fails with 404 "document_not_found"

  @id:doc-update @op:databases.updateDocument
  Scenario: An update changes only the attributes it names
    Given "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune", "year": 1965}]
      """
    When the server sends PATCH /databases/{db}/collections/{books}/documents/dune with:
      """
      {"data": {"year": 1966}}
      """
    Then the response status is 200
    And the response body matches:
      """
      {"$id": "dune", "title": "Dune", "year": 1966}
      """
    And the response field "$updatedAt" is a datetime within 60 seconds of now

  @id:doc-update-invalid @op:databases.updateDocument
  Scenario: An update is validated against the attributes too
    Given "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune"}]
      """
    When the server sends PATCH /databases/{db}/collections/{books}/documents/dune with:
      """
      {"data": {"year": "nineteen"}}
      """
    Then the request fails with 400 "document_invalid_structure"

  @id:doc-update-empty @op:databases.updateDocument
  Scenario: An update with neither data nor permissions is refused
    Given "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune"}]
      """
    When the server sends PATCH /databases/{db}/collections/{books}/documents/dune with:
      """
      {}
      """
    Then the request fails with 400 "document_missing_payload"

  @id:doc-update-missing @op:databases.updateDocument
  Scenario: Updating an unknown document is a 404
    When the server sends PATCH /databases/{db}/collections/{books}/documents/nothing with:
      """
      {"data": {"year": 1}}
      """
    Then the request fails with 404 "document_not_found"

  @id:doc-upsert @op:databases.upsertDocument
  Scenario: Upsert creates a missing document, then updates it
    When the server sends PUT /databases/{db}/collections/{books}/documents/emma with:
      """
      {"data": {"title": "Emma", "year": 1815}}
      """
    Then the response status is 201
    And the response field "year" is 1815
    When the server sends PUT /databases/{db}/collections/{books}/documents/emma with:
      """
      {"data": {"year": 1816}}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"$id": "emma", "title": "Emma", "year": 1816}
      """

  @id:doc-upsert-invalid @op:databases.upsertDocument
  Scenario: Upserted data is validated
    When the server sends PUT /databases/{db}/collections/{books}/documents/emma with:
      """
      {"data": {"year": 1815}}
      """
    Then the request fails with 400 "document_invalid_structure"

  @id:doc-bulk-upsert @op:databases.upsertDocuments
  Scenario: Many documents are created or updated in one request
    Given "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune", "year": 1965}]
      """
    When the server sends PUT /databases/{db}/collections/{books}/documents with:
      """
      {"documents": [{"$id": "dune", "year": 1966}, {"$id": "emma", "title": "Emma"}]}
      """
    Then the response status is 201
    And the response field "total" is 2
    When the server sends GET /databases/{db}/collections/{books}/documents/dune
    Then the response field "year" is 1966

  @id:doc-bulk-update @op:databases.updateDocuments
  Scenario: A bulk update changes every document the queries match
    Given "books" has the documents:
      """
      [{"$id": "a", "title": "A", "year": 1900}, {"$id": "b", "title": "B", "year": 2000}, {"$id": "c", "title": "C", "year": 2001}]
      """
    When the server sends PATCH /databases/{db}/collections/{books}/documents with:
      """
      {"data": {"lent": true}, "queries": ["{\"method\":\"greaterThan\",\"attribute\":\"year\",\"values\":[1950]}"]}
      """
    Then the response status is 200
    And the response field "total" is 2
    When the server sends GET /databases/{db}/collections/{books}/documents with the queries:
      | {"method":"equal","attribute":"lent","values":[true]} |
    Then the response lists the documents "b, c" in any order

  @id:doc-bulk-update-invalid @op:databases.updateDocuments
  Scenario: A bulk update with data that does not fit changes nothing
    Given "books" has the documents:
      """
      [{"$id": "a", "title": "A"}]
      """
    When the server sends PATCH /databases/{db}/collections/{books}/documents with:
      """
      {"data": {"year": -1}}
      """
    Then the request fails with 400 "document_invalid_structure"

  @id:doc-delete @op:databases.deleteDocument
  Scenario: A deleted document is gone
    Given "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune"}]
      """
    When the server sends DELETE /databases/{db}/collections/{books}/documents/dune
    Then the response status is 204
    When the server sends GET /databases/{db}/collections/{books}/documents/dune
    Then the request fails with 404 "document_not_found"

  @id:doc-delete-missing @op:databases.deleteDocument
  Scenario: Deleting an unknown document is a 404
    When the server sends DELETE /databases/{db}/collections/{books}/documents/nothing
    Then the request fails with 404 "document_not_found"

  @id:doc-bulk-delete @op:databases.deleteDocuments
  Scenario: A bulk delete removes what the queries match and returns it
    Given "books" has the documents:
      """
      [{"$id": "a", "title": "A", "year": 1900}, {"$id": "b", "title": "B", "year": 2000}]
      """
    When the server sends DELETE /databases/{db}/collections/{books}/documents with:
      """
      {"queries": ["{\"method\":\"lessThan\",\"attribute\":\"year\",\"values\":[1950]}"]}
      """
    Then the response status is 200
    And the response field "documents.0.$id" is "a"
    When the server sends GET /databases/{db}/collections/{books}/documents
    Then the response lists the documents "b" in this order

  @id:doc-bulk-delete-invalid-query @op:databases.deleteDocuments
  Scenario: A bulk delete with an invalid query deletes nothing
    When the server sends DELETE /databases/{db}/collections/{books}/documents with:
      """
      {"queries": ["{\"method\":\"equal\",\"attribute\":\"nothing\",\"values\":[1]}"]}
      """
    Then the request fails with 400 "general_query_invalid"

  @id:doc-increment @op:databases.incrementDocumentAttribute @op:databases.decrementDocumentAttribute
  Scenario: Numeric attributes go up and down in place
    Given "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune", "copies": 2, "rating": 4}]
      """
    When the server sends PATCH /databases/{db}/collections/{books}/documents/dune/copies/increment with:
      """
      {"value": 3}
      """
    Then the response status is 200
    And the response field "copies" is 5
    When the server sends PATCH /databases/{db}/collections/{books}/documents/dune/rating/decrement with:
      """
      {"value": 1.5}
      """
    Then the response status is 200
    And the response field "rating" is 2.5

  @id:doc-increment-max @op:databases.incrementDocumentAttribute
  Scenario: An increment past the given maximum is refused
    Given "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune", "copies": 2}]
      """
    When the server sends PATCH /databases/{db}/collections/{books}/documents/dune/copies/increment with:
      """
      {"value": 3, "max": 4}
      """
    Then the request fails with 400 "attribute_limit_exceeded"

  @id:doc-decrement-min @op:databases.decrementDocumentAttribute
  Scenario: A decrement below the given minimum is refused
    Given "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune", "copies": 2}]
      """
    When the server sends PATCH /databases/{db}/collections/{books}/documents/dune/copies/decrement with:
      """
      {"value": 2, "min": 1}
      """
    Then the request fails with 400 "attribute_limit_exceeded"

  @id:doc-increment-not-numeric @op:databases.incrementDocumentAttribute
  Scenario: Only numeric attributes can be incremented
    Given "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune"}]
      """
    When the server sends PATCH /databases/{db}/collections/{books}/documents/dune/title/increment with:
      """
      {"value": 1}
      """
    Then the request fails with 400 "attribute_type_invalid"

  @id:doc-increment-unknown-attribute @op:databases.incrementDocumentAttribute
  Scenario: Incrementing an attribute the collection does not have is a 404
    Given "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune"}]
      """
    When the server sends PATCH /databases/{db}/collections/{books}/documents/dune/nothing/increment with:
      """
      {"value": 1}
      """
    Then the request fails with 404 "attribute_not_found"

  @id:doc-update-timestamp-conflict @op:databases.updateDocument
  Scenario: An update sent with a timestamp older than the document's last change is a conflict
    Given "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune", "year": 1965}]
      """
    And the next request carries header "X-Appwrite-Timestamp: 2000-01-01T00:00:00.000+00:00"
    When the server sends PATCH /databases/{db}/collections/{books}/documents/dune with:
      """
      {"data": {"year": 1966}}
      """
    Then the request fails with 409 "document_update_conflict"
    When the server sends GET /databases/{db}/collections/{books}/documents/dune
    Then the response field "year" is 1965
    Given the next request carries header "X-Appwrite-Timestamp: 2999-01-01T00:00:00.000+00:00"
    When the server sends PATCH /databases/{db}/collections/{books}/documents/dune with:
      """
      {"data": {"year": 1966}}
      """
    Then the response status is 200
    And the response field "year" is 1966

  @id:doc-delete-timestamp-conflict @op:databases.deleteDocument
  Scenario: A delete sent with a timestamp older than the document's last change is a conflict
    Given "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune"}]
      """
    And the next request carries header "X-Appwrite-Timestamp: 2000-01-01T00:00:00.000+00:00"
    When the server sends DELETE /databases/{db}/collections/{books}/documents/dune
    Then the request fails with 409 "document_update_conflict"
    When the server sends GET /databases/{db}/collections/{books}/documents/dune
    Then the response status is 200
    Given the next request carries header "X-Appwrite-Timestamp: 2999-01-01T00:00:00.000+00:00"
    When the server sends DELETE /databases/{db}/collections/{books}/documents/dune
    Then the response status is 204

  @id:doc-upsert-timestamp-conflict @op:databases.upsertDocument
  Scenario: An upsert of an existing document with an older timestamp is a conflict
    Given "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune", "year": 1965}]
      """
    And the next request carries header "X-Appwrite-Timestamp: 2000-01-01T00:00:00.000+00:00"
    When the server sends PUT /databases/{db}/collections/{books}/documents/dune with:
      """
      {"data": {"year": 1966}}
      """
    Then the request fails with 409 "document_update_conflict"
    When the server sends GET /databases/{db}/collections/{books}/documents/dune
    Then the response field "year" is 1965

  @id:doc-timestamp-invalid @op:databases.updateDocument
  Scenario: An X-Appwrite-Timestamp that is no date is refused
    Given "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune"}]
      """
    And the next request carries header "X-Appwrite-Timestamp: half past never"
    When the server sends PATCH /databases/{db}/collections/{books}/documents/dune with:
      """
      {"data": {"year": 1966}}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:doc-update-readonly-ignored @op:databases.updateDocument
  Scenario: System fields in update data are ignored, but a server key may set the dates
    Given "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune"}]
      """
    When the server sends PATCH /databases/{db}/collections/{books}/documents/dune with:
      """
      {"data": {"$id": "other", "$sequence": "9999", "$collectionId": "elsewhere", "$databaseId": "nowhere",
                "$createdAt": "2024-01-01T00:00:00.000+00:00", "$updatedAt": "2024-01-01T00:00:00.000+00:00", "year": 1965}}
      """
    Then the response status is 200
    And the response body matches:
      """
      {"$id": "dune", "$collectionId": "{books}", "$databaseId": "{db}", "$sequence": "<non-empty string>",
       "$createdAt": "2024-01-01T00:00:00.000+00:00", "$updatedAt": "2024-01-01T00:00:00.000+00:00", "year": 1965}
      """
    When the server sends GET /databases/{db}/collections/{books}/documents/other
    Then the request fails with 404 "document_not_found"

  @id:doc-update-dates-client-ignored @op:databases.updateDocument
  Scenario: A client cannot set $createdAt or $updatedAt; they are dropped, not refused
    Given a signed-in user "alice"
    And a collection "notes" with:
      """
      {"permissions": ["create(\"users\")"], "documentSecurity": true}
      """
    And "notes" has the attributes:
      | type   | key  | options      |
      | string | text | {"size": 64} |
    When "alice" sends POST /databases/{db}/collections/{notes}/documents with:
      """
      {"documentId": "mine", "data": {"text": "hi", "$createdAt": "2024-01-01T00:00:00.000+00:00"}}
      """
    Then the response status is 201
    And the response field "$createdAt" is a datetime within 60 seconds of now
    When "alice" sends PATCH /databases/{db}/collections/{notes}/documents/mine with:
      """
      {"data": {"text": "bye", "$createdAt": "2024-01-01T00:00:00.000+00:00", "$updatedAt": "2024-01-01T00:00:00.000+00:00"}}
      """
    Then the response status is 200
    And the response field "text" is "bye"
    And the response field "$createdAt" is a datetime within 60 seconds of now
    And the response field "$updatedAt" is a datetime within 60 seconds of now

  @id:doc-create-dates-by-key @op:databases.createDocument
  Scenario: A server key may create a document with its own $createdAt and $updatedAt
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documentId": "old", "data": {"title": "Old", "$createdAt": "2020-05-01T10:00:00.000+00:00", "$updatedAt": "2021-05-01T10:00:00.000+00:00"}}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"$createdAt": "2020-05-01T10:00:00.000+00:00", "$updatedAt": "2021-05-01T10:00:00.000+00:00"}
      """

  @id:doc-update-unchanged @op:databases.updateDocument
  Scenario: An update that changes nothing keeps $updatedAt and needs only read permission
    Given a signed-in user "alice"
    And a collection "notes" with:
      """
      {"permissions": ["read(\"users\")"]}
      """
    And "notes" has the attributes:
      | type   | key  | options      |
      | string | text | {"size": 64} |
    And "notes" has the documents:
      """
      [{"$id": "n1", "text": "same"}]
      """
    When the server sends GET /databases/{db}/collections/{notes}/documents/n1
    Then the response field "$updatedAt" is remembered as "stamp"
    When "alice" sends PATCH /databases/{db}/collections/{notes}/documents/n1 with:
      """
      {"data": {"text": "same"}}
      """
    Then the response status is 200
    And the response field "$updatedAt" is "{stamp}"
    When "alice" sends PATCH /databases/{db}/collections/{notes}/documents/n1 with:
      """
      {"data": {"text": "different"}}
      """
    Then the request fails with 401 "user_unauthorized"

  @id:doc-bulk-create-with-id-or-permissions @op:databases.createDocuments
  Scenario: A bulk create takes IDs and permissions inside each document, not as params
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documentId": "x", "documents": [{"title": "A"}]}
      """
    Then the request fails with 400 "general_bad_request"
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"permissions": ["read(\"any\")"], "documents": [{"title": "A"}]}
      """
    Then the request fails with 400 "general_bad_request"

  @id:doc-bulk-create-batch-limit @op:databases.createDocuments
  Scenario: A bulk request carries at most 100 documents
    When the server sends POST /databases/{db}/collections/{books}/documents with 101 documents like:
      """
      {"title": "Copy"}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends POST /databases/{db}/collections/{books}/documents with 100 documents like:
      """
      {"title": "Copy"}
      """
    Then the response status is 201
    And the response field "total" is 100

  @id:doc-structure-formats @op:databases.createDocument
  Scenario: ip, url and datetime values must have their format
    Given a collection "places"
    And "places" has the attributes:
      | type     | key     | options |
      | ip       | address | {}      |
      | url      | site    | {}      |
      | datetime | opened  | {}      |
    When the server sends POST /databases/{db}/collections/{places}/documents with:
      """
      {"documentId": "p1", "data": {"address": "10.0.0.300"}}
      """
    Then the request fails with 400 "document_invalid_structure"
    When the server sends POST /databases/{db}/collections/{places}/documents with:
      """
      {"documentId": "p1", "data": {"site": "not a url"}}
      """
    Then the request fails with 400 "document_invalid_structure"
    When the server sends POST /databases/{db}/collections/{places}/documents with:
      """
      {"documentId": "p1", "data": {"opened": "someday"}}
      """
    Then the request fails with 400 "document_invalid_structure"
    When the server sends POST /databases/{db}/collections/{places}/documents with:
      """
      {"documentId": "p1", "data": {"address": "2001:db8::1", "site": "https://example.com/a", "opened": "2020-02-29T12:00:00.000+00:00"}}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"address": "2001:db8::1", "site": "https://example.com/a", "opened": "2020-02-29T12:00:00.000+00:00"}
      """
