@databases @transactions
Feature: Transactions
  A transaction collects document writes (staged through createOperations, or sent to the
  document routes with a transactionId) and applies them together when committed. Until
  then nobody sees them; a rollback discards them. A transaction lives for `ttl` seconds
  (60 to 3600, 300 by default) and holds at most 100 operations. A commit that meets a
  document changed since its operation was staged, or an ID or unique value taken in the
  meantime, is a conflict and applies nothing.

  Background:
    Given a collection "books" with:
      """
      {"permissions": ["read(\"any\")", "create(\"users\")", "update(\"users\")", "delete(\"users\")"]}
      """
    And "books" has the attributes:
      | type    | key    | options                 |
      | string  | title  | {"size": 64}            |
      | integer | copies | {"min": 0, "max": 1000} |

  @id:tx-create-default @op:databases.createTransaction
  Scenario: A new transaction is pending, empty, and expires after 300 seconds
    When the server sends POST /databases/transactions with:
      """
      {}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"$id": "<non-empty string>", "$createdAt": "<datetime>", "$updatedAt": "<datetime>", "status": "pending", "operations": 0, "expiresAt": "<datetime>"}
      """
    And the response field "expiresAt" is a datetime about 300 seconds from now

  @id:tx-create-ttl @op:databases.createTransaction
  Scenario: ttl sets how long the transaction lives
    When the server sends POST /databases/transactions with:
      """
      {"ttl": 900}
      """
    Then the response status is 201
    And the response field "expiresAt" is a datetime about 900 seconds from now

  @id:tx-create-ttl-range @op:databases.createTransaction
  Scenario Outline: ttl outside 60..3600 is refused: <ttl>
    When the server sends POST /databases/transactions with:
      """
      {"ttl": <ttl>}
      """
    Then the request fails with 400 "general_argument_invalid"

    Examples:
      | ttl  |
      | 30   |
      | 59   |
      | 3601 |

  @id:tx-get-list-delete @op:databases.getTransaction @op:databases.listTransactions @op:databases.deleteTransaction
  Scenario: A transaction can be read, listed, and deleted
    Given the server has a transaction remembered as "first"
    And the server has a transaction remembered as "second"
    When the server sends GET /databases/transactions/{first}
    Then the response status is 200
    And the response field "$id" is "{first}"
    And the response field "status" is "pending"
    When the server sends GET /databases/transactions with queries:
      """
      {"method": "equal", "attribute": "$id", "values": ["{first}", "{second}"]}
      """
    Then the response status is 200
    And the response field "total" is 2
    When the server sends DELETE /databases/transactions/{first}
    Then the response status is 204
    When the server sends GET /databases/transactions/{first}
    Then the request fails with 404 "transaction_not_found"
    When the server sends GET /databases/transactions with queries:
      """
      {"method": "equal", "attribute": "$id", "values": ["{first}", "{second}"]}
      """
    Then the response field "total" is 1

  @id:tx-unknown @op:databases.getTransaction @op:databases.updateTransaction @op:databases.deleteTransaction @op:databases.createOperations
  Scenario: An unknown transaction is 404 on every route
    When the server sends GET /databases/transactions/nosuchtx
    Then the request fails with 404 "transaction_not_found"
    When the server sends PATCH /databases/transactions/nosuchtx with:
      """
      {"commit": true}
      """
    Then the request fails with 404 "transaction_not_found"
    When the server sends DELETE /databases/transactions/nosuchtx
    Then the request fails with 404 "transaction_not_found"
    When the server sends POST /databases/transactions/nosuchtx/operations with:
      """
      {"operations": [{"action": "create", "databaseId": "{db}", "collectionId": "{books}", "documentId": "a", "data": {"title": "A"}}]}
      """
    Then the request fails with 404 "transaction_not_found"
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documentId": "a", "data": {"title": "A"}, "transactionId": "nosuchtx"}
      """
    Then the request fails with 404 "transaction_not_found"

  @id:tx-operations-counted @op:databases.createOperations @op:databases.getTransaction
  Scenario: Every staged operation is counted on the transaction
    Given the server has a transaction remembered as "tx"
    When the server sends POST /databases/transactions/{tx}/operations with:
      """
      {"operations": [
        {"action": "create", "databaseId": "{db}", "collectionId": "{books}", "documentId": "dune", "data": {"title": "Dune"}},
        {"action": "create", "databaseId": "{db}", "collectionId": "{books}", "documentId": "emma", "data": {"title": "Emma"}}
      ]}
      """
    Then the response status is 201
    And the response field "operations" is 2
    And the response field "status" is "pending"
    When the server sends POST /databases/transactions/{tx}/operations with:
      """
      {"operations": [{"action": "update", "databaseId": "{db}", "collectionId": "{books}", "documentId": "dune", "data": {"title": "Dune Messiah"}}]}
      """
    Then the response status is 201
    And the response field "operations" is 3
    When the server sends GET /databases/transactions/{tx}
    Then the response field "operations" is 3

  @id:tx-commit-together @op:databases.createOperations @op:databases.updateTransaction @op:databases.listDocuments @op:databases.getDocument
  Scenario: Staged writes are invisible until the commit, which applies them all
    Given the server has a transaction remembered as "tx"
    And "books" has the documents:
      """
      [{"$id": "old", "title": "Old", "copies": 5}, {"$id": "gone", "title": "Gone"}]
      """
    When the server sends POST /databases/transactions/{tx}/operations with:
      """
      {"operations": [
        {"action": "create", "databaseId": "{db}", "collectionId": "{books}", "documentId": "dune", "data": {"title": "Dune"}},
        {"action": "update", "databaseId": "{db}", "collectionId": "{books}", "documentId": "dune", "data": {"title": "Dune, revised"}},
        {"action": "upsert", "databaseId": "{db}", "collectionId": "{books}", "documentId": "emma", "data": {"title": "Emma"}},
        {"action": "increment", "databaseId": "{db}", "collectionId": "{books}", "documentId": "old", "data": {"attribute": "copies", "value": 3}},
        {"action": "decrement", "databaseId": "{db}", "collectionId": "{books}", "documentId": "old", "data": {"attribute": "copies", "value": 1}},
        {"action": "delete", "databaseId": "{db}", "collectionId": "{books}", "documentId": "gone"}
      ]}
      """
    Then the response field "operations" is 6
    When a guest sends GET /databases/{db}/collections/{books}/documents
    Then the response lists the documents "old,gone" in any order
    When a guest sends GET /databases/{db}/collections/{books}/documents/dune
    Then the request fails with 404 "document_not_found"
    When a guest sends GET /databases/{db}/collections/{books}/documents/old
    Then the response field "copies" is 5
    When the server sends PATCH /databases/transactions/{tx} with:
      """
      {"commit": true}
      """
    Then the response status is 200
    And the response field "status" is "committed"
    And the response field "$id" is "{tx}"
    When a guest sends GET /databases/{db}/collections/{books}/documents
    Then the response lists the documents "old,dune,emma" in any order
    When a guest sends GET /databases/{db}/collections/{books}/documents/dune
    Then the response field "title" is "Dune, revised"
    When a guest sends GET /databases/{db}/collections/{books}/documents/old
    Then the response field "copies" is 7
    When a guest sends GET /databases/{db}/collections/{books}/documents/gone
    Then the request fails with 404 "document_not_found"

  @id:tx-rollback @op:databases.createOperations @op:databases.updateTransaction
  Scenario: A rollback discards the staged writes and fails the transaction
    Given the server has a transaction remembered as "tx"
    And "books" has the documents:
      """
      [{"$id": "old", "title": "Old"}]
      """
    When the server sends POST /databases/transactions/{tx}/operations with:
      """
      {"operations": [
        {"action": "create", "databaseId": "{db}", "collectionId": "{books}", "documentId": "dune", "data": {"title": "Dune"}},
        {"action": "update", "databaseId": "{db}", "collectionId": "{books}", "documentId": "old", "data": {"title": "Renamed"}}
      ]}
      """
    Then the response status is 201
    When the server sends PATCH /databases/transactions/{tx} with:
      """
      {"rollback": true}
      """
    Then the response status is 200
    And the response field "status" is "failed"
    When a guest sends GET /databases/{db}/collections/{books}/documents
    Then the response lists the documents "old" in any order
    When a guest sends GET /databases/{db}/collections/{books}/documents/old
    Then the response field "title" is "Old"

  @id:tx-document-routes @op:databases.createDocument @op:databases.updateDocument @op:databases.upsertDocument @op:databases.deleteDocument @op:databases.incrementDocumentAttribute @op:databases.decrementDocumentAttribute @op:databases.updateTransaction
  Scenario: Writes sent to the document routes with a transactionId wait for the commit
    Given the server has a transaction remembered as "tx"
    And "books" has the documents:
      """
      [{"$id": "old", "title": "Old", "copies": 5}, {"$id": "gone", "title": "Gone"}]
      """
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documentId": "dune", "data": {"title": "Dune"}, "transactionId": "{tx}"}
      """
    Then the response status is 201
    And the response field "$id" is "dune"
    And the response field "title" is "Dune"
    When the server sends PATCH /databases/{db}/collections/{books}/documents/old with:
      """
      {"data": {"title": "Renamed"}, "transactionId": "{tx}"}
      """
    Then the response status is 200
    When the server sends PUT /databases/{db}/collections/{books}/documents/emma with:
      """
      {"data": {"title": "Emma"}, "transactionId": "{tx}"}
      """
    Then the response status is 201
    When the server sends PATCH /databases/{db}/collections/{books}/documents/old/copies/increment with:
      """
      {"value": 2, "transactionId": "{tx}"}
      """
    Then the response status is 200
    When the server sends PATCH /databases/{db}/collections/{books}/documents/old/copies/decrement with:
      """
      {"value": 4, "transactionId": "{tx}"}
      """
    Then the response status is 200
    When the server sends DELETE /databases/{db}/collections/{books}/documents/gone with:
      """
      {"transactionId": "{tx}"}
      """
    Then the response status is 204
    When the server sends GET /databases/transactions/{tx}
    Then the response field "operations" is 6
    When a guest sends GET /databases/{db}/collections/{books}/documents
    Then the response lists the documents "old,gone" in any order
    When a guest sends GET /databases/{db}/collections/{books}/documents/old
    Then the response field "title" is "Old"
    And the response field "copies" is 5
    When the server sends PATCH /databases/transactions/{tx} with:
      """
      {"commit": true}
      """
    Then the response status is 200
    When a guest sends GET /databases/{db}/collections/{books}/documents
    Then the response lists the documents "old,dune,emma" in any order
    When a guest sends GET /databases/{db}/collections/{books}/documents/old
    Then the response field "title" is "Renamed"
    And the response field "copies" is 3

  @id:tx-bulk-routes @op:databases.createDocuments @op:databases.upsertDocuments @op:databases.updateDocuments @op:databases.deleteDocuments @op:databases.updateTransaction
  Scenario: Bulk writes with a transactionId are staged and applied at the commit
    Given the server has a transaction remembered as "tx"
    And "books" has the documents:
      """
      [{"$id": "old", "title": "Old", "copies": 1}, {"$id": "gone", "title": "Gone", "copies": 9}]
      """
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documents": [{"$id": "a", "title": "A", "copies": 1}, {"$id": "b", "title": "B", "copies": 2}], "transactionId": "{tx}"}
      """
    Then the response status is 201
    And the response field "total" is 2
    And the response field "documents" is []
    When the server sends PUT /databases/{db}/collections/{books}/documents with:
      """
      {"documents": [{"$id": "c", "title": "C", "copies": 3}], "transactionId": "{tx}"}
      """
    Then the response status is 201
    When the server sends PATCH /databases/{db}/collections/{books}/documents with:
      """
      {"data": {"title": "Few"}, "queries": ["{\"method\":\"lessThan\",\"attribute\":\"copies\",\"values\":[3]}"], "transactionId": "{tx}"}
      """
    Then the response status is 200
    And the response field "total" is 0
    When the server sends DELETE /databases/{db}/collections/{books}/documents with:
      """
      {"queries": ["{\"method\":\"equal\",\"attribute\":\"copies\",\"values\":[9]}"], "transactionId": "{tx}"}
      """
    Then the response status is 200
    When a guest sends GET /databases/{db}/collections/{books}/documents
    Then the response lists the documents "old,gone" in any order
    When the server sends PATCH /databases/transactions/{tx} with:
      """
      {"commit": true}
      """
    Then the response status is 200
    And the response field "operations" is 4
    When a guest sends GET /databases/{db}/collections/{books}/documents
    Then the response lists the documents "old,a,b,c" in any order
    When a guest sends GET /databases/{db}/collections/{books}/documents/a
    Then the response field "title" is "Few"
    When a guest sends GET /databases/{db}/collections/{books}/documents/c
    Then the response field "title" is "C"

  @id:tx-staged-invisible-to-others @op:databases.createDocument @op:databases.updateTransaction
  Scenario: A user's staged write stays invisible to everyone, the user included, until the commit
    Given a signed-in user "alice"
    And a signed-in user "bob"
    And "alice" has a transaction remembered as "tx"
    When "alice" sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documentId": "dune", "data": {"title": "Dune"}, "transactionId": "{tx}"}
      """
    Then the response status is 201
    When "bob" sends GET /databases/{db}/collections/{books}/documents/dune
    Then the request fails with 404 "document_not_found"
    When "alice" sends GET /databases/{db}/collections/{books}/documents
    Then the response lists 0 documents
    When "alice" sends PATCH /databases/transactions/{tx} with:
      """
      {"commit": true}
      """
    Then the response status is 200
    When "bob" sends GET /databases/{db}/collections/{books}/documents/dune
    Then the response status is 200
    And the response field "$permissions" contains "read(\"user:{alice.id}\")"

  @id:tx-owner-only @op:databases.getTransaction @op:databases.listTransactions @op:databases.updateTransaction @op:databases.createOperations
  Scenario: A user's transaction is theirs alone
    Given a signed-in user "alice"
    And a signed-in user "bob"
    And "alice" has a transaction remembered as "tx"
    When "alice" sends GET /databases/transactions/{tx}
    Then the response status is 200
    When "bob" sends GET /databases/transactions/{tx}
    Then the request fails with 404 "transaction_not_found"
    When "bob" sends GET /databases/transactions
    Then the response field "total" is 0
    When "alice" sends GET /databases/transactions
    Then the response field "total" is 1
    When "bob" sends PATCH /databases/transactions/{tx} with:
      """
      {"commit": true}
      """
    Then the request fails with 404 "transaction_not_found"
    When "bob" sends POST /databases/transactions/{tx}/operations with:
      """
      {"operations": [{"action": "create", "databaseId": "{db}", "collectionId": "{books}", "documentId": "a", "data": {"title": "A"}}]}
      """
    Then the request fails with 404 "transaction_not_found"

  @id:tx-client-permissions @op:databases.createOperations
  Scenario: A client stages only what it may do, and no bulk operations
    Given a signed-in user "alice"
    And a collection "locked" with:
      """
      {"permissions": ["read(\"any\")"]}
      """
    And "locked" has the attributes:
      | type   | key   | options      |
      | string | title | {"size": 64} |
    And "alice" has a transaction remembered as "tx"
    When "alice" sends POST /databases/transactions/{tx}/operations with:
      """
      {"operations": [{"action": "create", "databaseId": "{db}", "collectionId": "{locked}", "documentId": "a", "data": {"title": "A"}}]}
      """
    Then the request fails with 401 "user_unauthorized"
    When "alice" sends POST /databases/transactions/{tx}/operations with:
      """
      {"operations": [{"action": "bulkCreate", "databaseId": "{db}", "collectionId": "{books}", "data": [{"$id": "a", "title": "A"}]}]}
      """
    Then the request fails with 401 "user_unauthorized"
    When "alice" sends POST /databases/transactions/{tx}/operations with:
      """
      {"operations": [{"action": "create", "databaseId": "{db}", "collectionId": "{books}", "documentId": "a", "data": {"title": "A"}}]}
      """
    Then the response status is 201
    And the response field "operations" is 1

  @id:tx-conflict-two-transactions @op:databases.createOperations @op:databases.updateTransaction
  Scenario: Two transactions update one document: the second commit is a conflict
    Given "books" has the documents:
      """
      [{"$id": "shared", "title": "Start", "copies": 100}]
      """
    And the server has a transaction remembered as "one"
    And the server has a transaction remembered as "two"
    When the server sends POST /databases/transactions/{one}/operations with:
      """
      {"operations": [{"action": "update", "databaseId": "{db}", "collectionId": "{books}", "documentId": "shared", "data": {"copies": 200}}]}
      """
    Then the response status is 201
    When the server sends POST /databases/transactions/{two}/operations with:
      """
      {"operations": [
        {"action": "create", "databaseId": "{db}", "collectionId": "{books}", "documentId": "extra", "data": {"title": "Extra"}},
        {"action": "update", "databaseId": "{db}", "collectionId": "{books}", "documentId": "shared", "data": {"copies": 300}}
      ]}
      """
    Then the response status is 201
    When the server sends PATCH /databases/transactions/{one} with:
      """
      {"commit": true}
      """
    Then the response status is 200
    When the server sends PATCH /databases/transactions/{two} with:
      """
      {"commit": true}
      """
    Then the request fails with 409 "transaction_conflict"
    When a guest sends GET /databases/{db}/collections/{books}/documents/shared
    Then the response field "copies" is 200
    When a guest sends GET /databases/{db}/collections/{books}/documents/extra
    Then the request fails with 404 "document_not_found"
    When the server sends GET /databases/transactions/{two}
    Then the response field "status" is "failed"

  @id:tx-conflict-outside-write @op:databases.updateDocument @op:databases.updateTransaction
  Scenario: A document changed outside the transaction after staging makes the commit a conflict
    Given "books" has the documents:
      """
      [{"$id": "shared", "title": "Start"}]
      """
    And the server has a transaction remembered as "tx"
    When the server sends PATCH /databases/{db}/collections/{books}/documents/shared with:
      """
      {"data": {"title": "From the transaction"}, "transactionId": "{tx}"}
      """
    Then the response status is 200
    When the server sends PATCH /databases/{db}/collections/{books}/documents/shared with:
      """
      {"data": {"title": "From outside"}}
      """
    Then the response status is 200
    When the server sends PATCH /databases/transactions/{tx} with:
      """
      {"commit": true}
      """
    Then the request fails with 409 "transaction_conflict"
    When a guest sends GET /databases/{db}/collections/{books}/documents/shared
    Then the response field "title" is "From outside"

  @id:tx-commit-all-or-nothing @op:databases.createOperations @op:databases.updateTransaction
  Scenario: One failing operation undoes the whole commit
    Given "books" has a unique index "unique_title" on "title"
    And "books" has the documents:
      """
      [{"$id": "existing", "title": "Taken"}]
      """
    And the server has a transaction remembered as "tx"
    When the server sends POST /databases/transactions/{tx}/operations with:
      """
      {"operations": [
        {"action": "create", "databaseId": "{db}", "collectionId": "{books}", "documentId": "one", "data": {"title": "One"}},
        {"action": "update", "databaseId": "{db}", "collectionId": "{books}", "documentId": "existing", "data": {"copies": 9}},
        {"action": "create", "databaseId": "{db}", "collectionId": "{books}", "documentId": "clash", "data": {"title": "Taken"}},
        {"action": "create", "databaseId": "{db}", "collectionId": "{books}", "documentId": "three", "data": {"title": "Three"}}
      ]}
      """
    Then the response status is 201
    When the server sends PATCH /databases/transactions/{tx} with:
      """
      {"commit": true}
      """
    Then the request fails with 409 "transaction_conflict"
    When a guest sends GET /databases/{db}/collections/{books}/documents
    Then the response lists the documents "existing" in any order
    When a guest sends GET /databases/{db}/collections/{books}/documents/existing
    Then the response field "copies" is null
    When the server sends GET /databases/transactions/{tx}
    Then the response field "status" is "failed"

  @id:tx-settled-refuses-more @op:databases.updateTransaction @op:databases.createOperations @op:databases.createDocument
  Scenario: A committed or rolled back transaction takes no more commits, rollbacks or operations
    Given the server has a transaction remembered as "done"
    And the server has a transaction remembered as "dropped"
    When the server sends PATCH /databases/transactions/{done} with:
      """
      {"commit": true}
      """
    Then the response status is 200
    And the response field "status" is "committed"
    When the server sends PATCH /databases/transactions/{done} with:
      """
      {"commit": true}
      """
    Then the request fails with 400 "transaction_not_ready"
    When the server sends POST /databases/transactions/{done}/operations with:
      """
      {"operations": [{"action": "create", "databaseId": "{db}", "collectionId": "{books}", "documentId": "a", "data": {"title": "A"}}]}
      """
    Then the request fails with 400 "general_bad_request"
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documentId": "a", "data": {"title": "A"}, "transactionId": "{done}"}
      """
    Then the request fails with 400 "transaction_not_ready"
    When the server sends PATCH /databases/transactions/{dropped} with:
      """
      {"rollback": true}
      """
    Then the response status is 200
    When the server sends PATCH /databases/transactions/{dropped} with:
      """
      {"rollback": true}
      """
    Then the request fails with 400 "transaction_not_ready"
    When a guest sends GET /databases/{db}/collections/{books}/documents/a
    Then the request fails with 404 "document_not_found"

  @id:tx-update-needs-one-choice @op:databases.updateTransaction
  Scenario Outline: updateTransaction needs exactly one of commit and rollback: <body>
    Given the server has a transaction remembered as "tx"
    When the server sends PATCH /databases/transactions/{tx} with:
      """
      <body>
      """
    Then the request fails with 400 "general_bad_request"
    When the server sends GET /databases/transactions/{tx}
    Then the response field "status" is "pending"

    Examples:
      | body                               |
      | {}                                 |
      | {"commit": false, "rollback": false} |
      | {"commit": true, "rollback": true} |

  @id:tx-operations-invalid @op:databases.createOperations
  Scenario Outline: A malformed operation is refused and nothing is staged: <case>
    Given the server has a transaction remembered as "tx"
    When the server sends POST /databases/transactions/{tx}/operations with:
      """
      {"operations": [<operation>]}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends GET /databases/transactions/{tx}
    Then the response field "operations" is 0

    Examples:
      | case                    | operation                                                                                                   |
      | unknown action          | {"action": "explode", "databaseId": "{db}", "collectionId": "{books}", "documentId": "a", "data": {}}       |
      | no action               | {"databaseId": "{db}", "collectionId": "{books}", "documentId": "a", "data": {"title": "A"}}                |
      | no databaseId           | {"action": "create", "collectionId": "{books}", "documentId": "a", "data": {"title": "A"}}                  |
      | no collectionId         | {"action": "create", "databaseId": "{db}", "documentId": "a", "data": {"title": "A"}}                       |
      | create without id       | {"action": "create", "databaseId": "{db}", "collectionId": "{books}", "data": {"title": "A"}}               |
      | create without data     | {"action": "create", "databaseId": "{db}", "collectionId": "{books}", "documentId": "a"}                    |
      | data not an object      | {"action": "bulkCreate", "databaseId": "{db}", "collectionId": "{books}", "data": "not an array"}           |
      | bulkDelete no queries   | {"action": "bulkDelete", "databaseId": "{db}", "collectionId": "{books}", "data": {}}                       |
      | increment no attribute  | {"action": "increment", "databaseId": "{db}", "collectionId": "{books}", "documentId": "a", "data": {"value": 1}} |
      | decrement text value    | {"action": "decrement", "databaseId": "{db}", "collectionId": "{books}", "documentId": "a", "data": {"attribute": "copies", "value": "many"}} |

  @id:tx-operations-empty @op:databases.createOperations
  Scenario: An empty list of operations is refused
    Given the server has a transaction remembered as "tx"
    When the server sends POST /databases/transactions/{tx}/operations with:
      """
      {"operations": []}
      """
    Then the request fails with 400 "general_bad_request"

  @id:tx-operations-missing-targets @op:databases.createOperations
  Scenario: Operations must name an existing database, collection and (to change) document
    Given the server has a transaction remembered as "tx"
    When the server sends POST /databases/transactions/{tx}/operations with:
      """
      {"operations": [{"action": "create", "databaseId": "nosuchdb", "collectionId": "{books}", "documentId": "a", "data": {"title": "A"}}]}
      """
    Then the request fails with 404 "database_not_found"
    When the server sends POST /databases/transactions/{tx}/operations with:
      """
      {"operations": [{"action": "create", "databaseId": "{db}", "collectionId": "nosuchcollection", "documentId": "a", "data": {"title": "A"}}]}
      """
    Then the request fails with 404 "collection_not_found"
    When the server sends POST /databases/transactions/{tx}/operations with:
      """
      {"operations": [{"action": "update", "databaseId": "{db}", "collectionId": "{books}", "documentId": "nosuchdoc", "data": {"title": "A"}}]}
      """
    Then the request fails with 404 "document_not_found"
    When the server sends POST /databases/transactions/{tx}/operations with:
      """
      {"operations": [{"action": "delete", "databaseId": "{db}", "collectionId": "{books}", "documentId": "nosuchdoc"}]}
      """
    Then the request fails with 404 "document_not_found"
    When the server sends GET /databases/transactions/{tx}
    Then the response field "operations" is 0

  @id:tx-operation-limit @op:databases.createOperations
  Scenario: A transaction holds at most 100 operations
    Given the server has a transaction remembered as "tx"
    When the server stages 60 creates in "books" in transaction "tx"
    Then the response status is 201
    And the response field "operations" is 60
    When the server stages 41 creates in "books" in transaction "tx"
    Then the request fails with 400 "transaction_limit_exceeded"
    When the server stages 40 creates in "books" in transaction "tx"
    Then the response status is 201
    And the response field "operations" is 100
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documentId": "overflow", "data": {"title": "Overflow"}, "transactionId": "{tx}"}
      """
    Then the request fails with 400 "transaction_limit_exceeded"

  @id:tx-expired-refused @op:databases.createTransaction @op:databases.createOperations @op:databases.updateTransaction @op:databases.createDocument @slow
  Scenario: An expired transaction takes no more writes and cannot be committed
    When the server sends POST /databases/transactions with:
      """
      {"ttl": 60}
      """
    Then the response status is 201
    And the response field "$id" is remembered as "tx"
    When the server sends POST /databases/transactions/{tx}/operations with:
      """
      {"operations": [{"action": "create", "databaseId": "{db}", "collectionId": "{books}", "documentId": "early", "data": {"title": "Early"}}]}
      """
    Then the response status is 201
    When the transaction "tx" has expired
    And the server sends POST /databases/transactions/{tx}/operations with:
      """
      {"operations": [{"action": "create", "databaseId": "{db}", "collectionId": "{books}", "documentId": "late", "data": {"title": "Late"}}]}
      """
    Then the request fails with 500 "transaction_expired"
    When the server sends POST /databases/{db}/collections/{books}/documents with:
      """
      {"documentId": "late", "data": {"title": "Late"}, "transactionId": "{tx}"}
      """
    Then the request fails with 500 "transaction_expired"
    When the server sends PATCH /databases/transactions/{tx} with:
      """
      {"commit": true}
      """
    Then the request fails with 500 "transaction_expired"
    When a guest sends GET /databases/{db}/collections/{books}/documents
    Then the response lists 0 documents
