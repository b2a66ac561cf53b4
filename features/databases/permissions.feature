@databases @permissions
Feature: Document permissions
  Clients (guests, users with a session or JWT) reach documents through permissions.
  The collection's `$permissions` apply to all its documents; with `documentSecurity`
  on, a document's own `$permissions` grant access too. Lists count only what the caller
  may read. Server keys skip permissions altogether.

  @id:perm-collection-read-any @op:databases.listDocuments @op:databases.getDocument
  Scenario: A collection readable by anyone shows its documents to guests
    Given a collection "notes" with:
      """
      {"permissions": ["read(\"any\")"]}
      """
    And "notes" has the attributes:
      | type   | key  | options      |
      | string | text | {"size": 64} |
    And "notes" has the documents:
      """
      [{"$id": "n1", "text": "hello"}]
      """
    When a guest sends GET /databases/{db}/collections/{notes}/documents
    Then the response lists the documents "n1" in this order
    When a guest sends GET /databases/{db}/collections/{notes}/documents/n1
    Then the response status is 200

  @id:perm-list-unauthorized @op:databases.listDocuments
  Scenario: Without read permission on the collection and without document security, listing is 401
    Given a collection "notes" with:
      """
      {"permissions": ["read(\"users\")"]}
      """
    When a guest sends GET /databases/{db}/collections/{notes}/documents
    Then the request fails with 401 "user_unauthorized"

  @id:perm-get-hidden-is-404 @op:databases.getDocument
  Scenario: A document the caller may not read is a 404, not a 401
    Given a collection "notes" with:
      """
      {"permissions": ["read(\"users\")"]}
      """
    And "notes" has the attributes:
      | type   | key  | options      |
      | string | text | {"size": 64} |
    And "notes" has the documents:
      """
      [{"$id": "n1", "text": "hello"}]
      """
    When a guest sends GET /databases/{db}/collections/{notes}/documents/n1
    Then the request fails with 404 "document_not_found"
    Given a signed-in user "alice"
    When "alice" sends GET /databases/{db}/collections/{notes}/documents/n1
    Then the response status is 200

  @id:perm-document-security-totals @op:databases.listDocuments
  Scenario: With document security, lists and totals hold only the readable documents
    Given a signed-in user "alice"
    And a signed-in user "bob"
    And a collection "notes" with:
      """
      {"permissions": ["create(\"users\")"], "documentSecurity": true}
      """
    And "notes" has the attributes:
      | type   | key  | options      |
      | string | text | {"size": 64} |
    And "notes" has the documents:
      """
      [
        {"$id": "public", "text": "p", "$permissions": ["read(\"any\")"]},
        {"$id": "alices", "text": "a", "$permissions": ["read(\"user:{alice.id}\")"]},
        {"$id": "nobodys", "text": "n"}
      ]
      """
    When "alice" sends GET /databases/{db}/collections/{notes}/documents
    Then the response lists the documents "public, alices" in any order
    And the response field "total" is 2
    When "bob" sends GET /databases/{db}/collections/{notes}/documents
    Then the response lists the documents "public" in any order
    And the response field "total" is 1
    When the server sends GET /databases/{db}/collections/{notes}/documents
    Then the response field "total" is 3

  @id:perm-default-document-permissions @op:databases.createDocument
  Scenario: A document a user creates without permissions belongs to that user
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
      {"documentId": "mine", "data": {"text": "hi"}}
      """
    Then the response status is 201
    And the response field "$permissions" is ["read(\"user:{alice.id}\")", "update(\"user:{alice.id}\")", "delete(\"user:{alice.id}\")"]
    When "alice" sends GET /databases/{db}/collections/{notes}/documents/mine
    Then the response status is 200

  @id:perm-grant-only-held-roles @op:databases.createDocument
  Scenario: Clients may only grant permissions to roles they hold
    Given a signed-in user "alice"
    And a user "bob"
    And a collection "notes" with:
      """
      {"permissions": ["create(\"users\")"], "documentSecurity": true}
      """
    And "notes" has the attributes:
      | type   | key  | options      |
      | string | text | {"size": 64} |
    When "alice" sends POST /databases/{db}/collections/{notes}/documents with:
      """
      {"documentId": "gift", "data": {"text": "hi"}, "permissions": ["read(\"user:{bob.id}\")"]}
      """
    Then the request fails with 401 "user_unauthorized"
    When "alice" sends POST /databases/{db}/collections/{notes}/documents with:
      """
      {"documentId": "shared", "data": {"text": "hi"}, "permissions": ["read(\"any\")", "update(\"user:{alice.id}\")"]}
      """
    Then the response status is 201

  @id:perm-document-create-action @op:databases.createDocument
  Scenario: Documents take read, update, delete and write permissions, not create
    Given a collection "notes"
    And "notes" has the attributes:
      | type   | key  | options      |
      | string | text | {"size": 64} |
    When the server sends POST /databases/{db}/collections/{notes}/documents with:
      """
      {"documentId": "n1", "data": {"text": "hi"}, "permissions": ["create(\"any\")"]}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:perm-create-needs-collection-permission @op:databases.createDocument
  Scenario: Creating documents needs create permission on the collection
    Given a signed-in user "alice"
    And a collection "notes" with:
      """
      {"permissions": ["read(\"any\")"]}
      """
    And "notes" has the attributes:
      | type   | key  | options      |
      | string | text | {"size": 64} |
    When "alice" sends POST /databases/{db}/collections/{notes}/documents with:
      """
      {"documentId": "n1", "data": {"text": "hi"}}
      """
    Then the request fails with 401 "user_unauthorized"
    When a guest sends POST /databases/{db}/collections/{notes}/documents with:
      """
      {"documentId": "n1", "data": {"text": "hi"}}
      """
    Then the request fails with 401 "user_unauthorized"

  @id:perm-update-delete-others @op:databases.updateDocument @op:databases.deleteDocument
  Scenario: Another user's document cannot be updated or deleted
    Given a signed-in user "alice"
    And a signed-in user "bob"
    And a collection "notes" with:
      """
      {"permissions": ["create(\"users\")", "read(\"users\")"], "documentSecurity": true}
      """
    And "notes" has the attributes:
      | type   | key  | options      |
      | string | text | {"size": 64} |
    When "alice" sends POST /databases/{db}/collections/{notes}/documents with:
      """
      {"documentId": "mine", "data": {"text": "hi"}}
      """
    Then the response status is 201
    When "bob" sends PATCH /databases/{db}/collections/{notes}/documents/mine with:
      """
      {"data": {"text": "changed"}}
      """
    Then the request fails with 401 "user_unauthorized"
    When "bob" sends DELETE /databases/{db}/collections/{notes}/documents/mine
    Then the request fails with 401 "user_unauthorized"
    When "alice" sends PATCH /databases/{db}/collections/{notes}/documents/mine with:
      """
      {"data": {"text": "changed"}}
      """
    Then the response status is 200
    When "alice" sends DELETE /databases/{db}/collections/{notes}/documents/mine
    Then the response status is 204

  @id:perm-jwt @op:databases.listDocuments
  Scenario: A JWT holder reads what its user may read
    Given a signed-in user "alice"
    And "alice" has a JWT
    And a collection "notes" with:
      """
      {"permissions": ["read(\"user:{alice.id}\")"]}
      """
    When "alice" with a JWT sends GET /databases/{db}/collections/{notes}/documents
    Then the response status is 200
    When a guest sends GET /databases/{db}/collections/{notes}/documents
    Then the request fails with 401 "user_unauthorized"

  @id:perm-disabled-collection @op:databases.listDocuments
  Scenario: A disabled collection is hidden from clients, not from keys
    Given a signed-in user "alice"
    And a collection "notes" with:
      """
      {"permissions": ["read(\"any\")"], "enabled": false}
      """
    When "alice" sends GET /databases/{db}/collections/{notes}/documents
    Then the request fails with 404 "collection_not_found"
    When the server sends GET /databases/{db}/collections/{notes}/documents
    Then the response status is 200

  @id:perm-disabled-database @op:databases.listDocuments @op:databases.update
  Scenario: A disabled database hides its documents from clients
    Given a signed-in user "alice"
    And a collection "notes" with:
      """
      {"permissions": ["read(\"any\")"]}
      """
    When the server sends PUT /databases/{db} with:
      """
      {"enabled": false}
      """
    Then the response status is 200
    When "alice" sends GET /databases/{db}/collections/{notes}/documents
    Then the request fails with 404 "database_not_found"
    When the server sends GET /databases/{db}/collections/{notes}/documents
    Then the response status is 200

  @id:perm-update-grant-only-held-roles @op:databases.updateDocument
  Scenario: An update may only grant permissions to roles the client holds
    Given a signed-in user "alice"
    And a user "bob"
    And a collection "notes" with:
      """
      {"permissions": ["create(\"users\")"], "documentSecurity": true}
      """
    And "notes" has the attributes:
      | type   | key  | options      |
      | string | text | {"size": 64} |
    When "alice" sends POST /databases/{db}/collections/{notes}/documents with:
      """
      {"documentId": "mine", "data": {"text": "hi"}}
      """
    Then the response status is 201
    When "alice" sends PATCH /databases/{db}/collections/{notes}/documents/mine with:
      """
      {"permissions": ["read(\"user:{bob.id}\")"]}
      """
    Then the request fails with 401 "user_unauthorized"
    When "alice" sends PATCH /databases/{db}/collections/{notes}/documents/mine with:
      """
      {"permissions": ["read(\"any\")", "update(\"user:{alice.id}\")"]}
      """
    Then the response status is 200
    And the response field "$permissions" is ["read(\"any\")", "update(\"user:{alice.id}\")"]
