@databases
Feature: Sized text attributes and bigint
  Beside `string`, Appwrite has four text types with the sizes of MariaDB's columns:
  `varchar` (a size of 1 to 16,381 characters, given when it is created), `text` (65,535),
  `mediumtext` (16,777,215) and `longtext` (2,147,483,647). All four may be arrays and may be
  `encrypt`ed: an encrypted value is stored as ciphertext, so it cannot be queried, and an
  encrypted varchar needs a size of at least 150. `bigint` is a 64-bit integer: its bounds
  default to the whole signed 64-bit range, and values past 2^53 (where doubles stop holding
  every integer) are kept to the last digit; the node SDK reads them as BigInt.

  @id:types-varchar-create @op:databases.createVarcharAttribute @op:databases.getAttribute
  Scenario: A varchar takes a size of up to 16,381 characters
    Given a collection "codes"
    When the server sends POST /databases/{db}/collections/{codes}/attributes/varchar with:
      """
      {"key": "name", "size": 16381, "required": false, "default": "none"}
      """
    Then the response status is 202
    And the response body matches:
      """
      {"key": "name", "type": "varchar", "size": 16381, "required": false, "default": "none", "array": false, "encrypt": false, "status": "processing"}
      """
    And the attribute "name" of "codes" becomes available
    When the server sends POST /databases/{db}/collections/{codes}/attributes/varchar with:
      """
      {"key": "huge", "size": 16382, "required": false}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends POST /databases/{db}/collections/{codes}/attributes/varchar with:
      """
      {"key": "unsized", "required": false}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:types-varchar-size-enforced @op:databases.createVarcharAttribute @op:databases.createDocument
  Scenario: A varchar value or default may not be longer than the size
    Given a collection "codes"
    When the server sends POST /databases/{db}/collections/{codes}/attributes/varchar with:
      """
      {"key": "code", "size": 5, "required": false}
      """
    Then the response status is 202
    And the response field "size" is 5
    And the attribute "code" of "codes" becomes available
    When the server sends POST /databases/{db}/collections/{codes}/documents with:
      """
      {"documentId": "fits", "data": {"code": "abcde"}}
      """
    Then the response status is 201
    When the server sends POST /databases/{db}/collections/{codes}/documents with:
      """
      {"documentId": "long", "data": {"code": "abcdef"}}
      """
    Then the request fails with 400 "document_invalid_structure"
    When the server sends POST /databases/{db}/collections/{codes}/attributes/varchar with:
      """
      {"key": "label", "size": 3, "required": false, "default": "four"}
      """
    Then the request fails with 400 "attribute_value_invalid"

  @id:types-text-family-create @op:databases.createTextAttribute @op:databases.createMediumtextAttribute @op:databases.createLongtextAttribute @op:databases.listAttributes
  Scenario: Text, mediumtext and longtext are created with their types and no size
    Given a collection "pages"
    When the server sends POST /databases/{db}/collections/{pages}/attributes/text with:
      """
      {"key": "summary", "required": false, "default": "tbd"}
      """
    Then the response status is 202
    And the response body matches:
      """
      {"key": "summary", "type": "text", "default": "tbd", "array": false, "encrypt": false, "status": "processing"}
      """
    When the server sends POST /databases/{db}/collections/{pages}/attributes/mediumtext with:
      """
      {"key": "body", "required": true}
      """
    Then the response status is 202
    When the server sends POST /databases/{db}/collections/{pages}/attributes/longtext with:
      """
      {"key": "archive", "required": false, "array": true}
      """
    Then the response status is 202
    And the attribute "archive" of "pages" becomes available
    When the server sends GET /databases/{db}/collections/{pages}/attributes
    Then the response status is 200
    And the response body matches:
      """
      {"total": 3, "attributes": [
        {"key": "summary", "type": "text", "required": false, "array": false},
        {"key": "body", "type": "mediumtext", "required": true, "array": false},
        {"key": "archive", "type": "longtext", "required": false, "array": true}
      ]}
      """
    And the response field "attributes.0" has no field "size"

  @id:types-text-size-limits @op:databases.createTextAttribute @op:databases.createLongtextAttribute @op:databases.createDocument
  Scenario: A text value holds 65,535 characters at most; a longtext value holds more
    Given a collection "pages"
    And "pages" has the attributes:
      | type     | key     | options |
      | text     | short   |         |
      | longtext | long    |         |
    When the server creates the document "ok" in "pages" whose "short" is 65535 characters long
    Then the response status is 201
    When the server creates the document "over" in "pages" whose "short" is 65536 characters long
    Then the request fails with 400 "document_invalid_structure"
    When the server creates the document "big" in "pages" whose "long" is 70000 characters long
    Then the response status is 201
    When the server sends GET /databases/{db}/collections/{pages}/documents/big
    Then the response field "long" is a string of 70000 characters

  @id:types-text-update @op:databases.updateVarcharAttribute @op:databases.updateTextAttribute @op:databases.updateMediumtextAttribute @op:databases.updateLongtextAttribute
  Scenario Outline: Updating a <type> attribute renames it and changes its default, but a required one takes none
    Given a collection "notes"
    And "notes" has the attributes:
      | type    | key   | options      |
      | <type>  | title | <options>    |
      | varchar | other | {"size": 8}  |
    When the server sends PATCH /databases/{db}/collections/{notes}/attributes/<type>/title with:
      """
      {"required": false, "default": "untitled", "newKey": "heading"}
      """
    Then the response status is 200
    And the response body matches:
      """
      {"key": "heading", "type": "<type>", "required": false, "default": "untitled"}
      """
    When the server sends GET /databases/{db}/collections/{notes}/attributes/title
    Then the request fails with 404 "attribute_not_found"
    When the server sends POST /databases/{db}/collections/{notes}/documents with:
      """
      {"documentId": "n1", "data": {"other": "x"}}
      """
    Then the response status is 201
    And the response field "heading" is "untitled"
    When the server sends PATCH /databases/{db}/collections/{notes}/attributes/<type>/heading with:
      """
      {"required": true, "default": "x"}
      """
    Then the request fails with 400 "attribute_default_unsupported"

    Examples:
      | type       | options        |
      | varchar    | {"size": 32}   |
      | text       | {}             |
      | mediumtext | {}             |
      | longtext   | {}             |

  @id:types-varchar-resize @op:databases.updateVarcharAttribute
  Scenario: A varchar grows, but cannot shrink below the values it holds
    Given a collection "codes"
    And "codes" has the attributes:
      | type    | key  | options      |
      | varchar | code | {"size": 10} |
    And "codes" has the documents:
      """
      [{"$id": "c1", "code": "abcdefgh"}]
      """
    When the server sends PATCH /databases/{db}/collections/{codes}/attributes/varchar/code with:
      """
      {"required": false, "default": null, "size": 4}
      """
    Then the request fails with 400 "attribute_invalid_resize"
    When the server sends PATCH /databases/{db}/collections/{codes}/attributes/varchar/code with:
      """
      {"required": false, "default": null, "size": 20}
      """
    Then the response status is 200
    And the response field "size" is 20
    When the server sends PATCH /databases/{db}/collections/{codes}/attributes/varchar/code with:
      """
      {"required": false, "default": null, "size": 16382}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:types-encrypt @op:databases.createVarcharAttribute @op:databases.createTextAttribute @op:databases.listDocuments
  Scenario: Encrypted attributes say so, need room, and cannot be queried
    Given a collection "secrets"
    When the server sends POST /databases/{db}/collections/{secrets}/attributes/varchar with:
      """
      {"key": "pin", "size": 149, "required": false, "encrypt": true}
      """
    Then the request fails with 400 "general_bad_request"
    When the server sends POST /databases/{db}/collections/{secrets}/attributes/varchar with:
      """
      {"key": "pin", "size": 150, "required": false, "encrypt": true}
      """
    Then the response status is 202
    And the response field "encrypt" is true
    When the server sends POST /databases/{db}/collections/{secrets}/attributes/text with:
      """
      {"key": "note", "required": false, "encrypt": true}
      """
    Then the response status is 202
    And the response field "encrypt" is true
    And the attribute "note" of "secrets" becomes available
    And the attribute "pin" of "secrets" becomes available
    Given "secrets" has the documents:
      """
      [{"$id": "s1", "pin": "1234", "note": "hidden"}]
      """
    When the server sends GET /databases/{db}/collections/{secrets}/documents/s1
    Then the response status is 200
    And the response body matches:
      """
      {"pin": "1234", "note": "hidden"}
      """
    When the server sends GET /databases/{db}/collections/{secrets}/documents with queries:
      """
      {"method": "equal", "attribute": "pin", "values": ["1234"]}
      """
    Then the request fails with 400 "general_query_invalid"

  @id:types-text-arrays-and-queries @op:databases.createMediumtextAttribute @op:databases.createVarcharAttribute @op:databases.listDocuments
  Scenario: Text-family arrays are queried with contains; scalar ones with string operators
    Given a collection "posts"
    And "posts" has the attributes:
      | type       | key   | options                     |
      | mediumtext | tags  | {"array": true}             |
      | varchar    | slug  | {"size": 64}                |
    And "posts" has the documents:
      """
      [{"$id": "p1", "tags": ["rust", "sql"], "slug": "hello-world"},
       {"$id": "p2", "tags": ["php"], "slug": "goodbye"}]
      """
    When the server sends GET /databases/{db}/collections/{posts}/documents with queries:
      """
      {"method": "contains", "attribute": "tags", "values": ["sql"]}
      """
    Then the response lists the documents "p1" in any order
    When the server sends GET /databases/{db}/collections/{posts}/documents with queries:
      """
      {"method": "startsWith", "attribute": "slug", "values": ["good"]}
      """
    Then the response lists the documents "p2" in any order
    When the server sends GET /databases/{db}/collections/{posts}/documents with queries:
      """
      {"method": "equal", "attribute": "tags", "values": ["sql"]}
      """
    Then the request fails with 400 "general_query_invalid"

  @id:types-text-search @op:databases.createLongtextAttribute @op:databases.createIndex @op:databases.listDocuments
  Scenario: Searching a text-family attribute needs a fulltext index
    Given a collection "books"
    And "books" has the attributes:
      | type     | key  | options |
      | longtext | body |         |
    And "books" has the documents:
      """
      [{"$id": "b1", "body": "the quick brown fox"}, {"$id": "b2", "body": "a lazy dog"}]
      """
    When the server sends GET /databases/{db}/collections/{books}/documents with queries:
      """
      {"method": "search", "attribute": "body", "values": ["fox"]}
      """
    Then the request fails with 400 "general_query_invalid"
    Given "books" has a fulltext index "body_search" on "body"
    When the server sends GET /databases/{db}/collections/{books}/documents with queries:
      """
      {"method": "search", "attribute": "body", "values": ["fox"]}
      """
    Then the response lists the documents "b1" in any order

  @id:types-bigint-create @op:databases.createBigIntAttribute
  Scenario: A bigint's bounds default to the whole signed 64-bit range
    Given a collection "ledger"
    When the server sends POST /databases/{db}/collections/{ledger}/attributes/bigint with:
      """
      {"key": "amount", "required": false, "default": 9007199254740993}
      """
    Then the response status is 202
    And the response body matches:
      """
      {"key": "amount", "type": "bigint", "min": -9223372036854775808, "max": 9223372036854775807, "default": 9007199254740993, "array": false}
      """
    And the attribute "amount" of "ledger" becomes available
    When the server sends GET /databases/{db}/collections/{ledger}/attributes/amount
    Then the response field "default" is 9007199254740993
    And the response field "max" is 9223372036854775807

  @id:types-bigint-exact @op:databases.createBigIntAttribute @op:databases.createDocument @op:databases.getDocument @op:databases.listDocuments
  Scenario: Values past 2^53 are stored, read and compared to the last digit
    Given a collection "ledger"
    And "ledger" has the attributes:
      | type   | key    | options |
      | bigint | amount |         |
    When the server sends POST /databases/{db}/collections/{ledger}/documents with:
      """
      {"documentId": "odd", "data": {"amount": 9007199254740993}}
      """
    Then the response status is 201
    And the response field "amount" is 9007199254740993
    Given "ledger" has the documents:
      """
      [{"$id": "even", "amount": 9007199254740992}, {"$id": "max", "amount": 9223372036854775807}, {"$id": "min", "amount": -9223372036854775808}]
      """
    When the server sends GET /databases/{db}/collections/{ledger}/documents/odd
    Then the response field "amount" is 9007199254740993
    When the server sends GET /databases/{db}/collections/{ledger}/documents/max
    Then the response field "amount" is 9223372036854775807
    When the server sends GET /databases/{db}/collections/{ledger}/documents with queries:
      """
      {"method": "equal", "attribute": "amount", "values": [9007199254740993]}
      """
    Then the response lists the documents "odd" in any order
    When the server sends GET /databases/{db}/collections/{ledger}/documents with queries:
      """
      {"method": "greaterThan", "attribute": "amount", "values": [9007199254740992]}
      {"method": "orderAsc", "attribute": "amount"}
      """
    Then the response lists the documents "odd, max" in this order
    When the server sends GET /databases/{db}/collections/{ledger}/documents with queries:
      """
      {"method": "orderAsc", "attribute": "amount"}
      """
    Then the response lists the documents "min, even, odd, max" in this order
    And the response field "documents.2.amount" is 9007199254740993

  @id:types-bigint-range @op:databases.createBigIntAttribute @op:databases.createDocument
  Scenario: A bigint's bounds are checked against each other, the default and every value
    Given a collection "ledger"
    When the server sends POST /databases/{db}/collections/{ledger}/attributes/bigint with:
      """
      {"key": "amount", "required": false, "min": 10, "max": 1}
      """
    Then the request fails with 400 "attribute_value_invalid"
    When the server sends POST /databases/{db}/collections/{ledger}/attributes/bigint with:
      """
      {"key": "amount", "required": false, "min": 0, "max": 100, "default": 101}
      """
    Then the request fails with 400 "attribute_value_invalid"
    When the server sends POST /databases/{db}/collections/{ledger}/attributes/bigint with:
      """
      {"key": "amount", "required": false, "default": 9223372036854775808}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends POST /databases/{db}/collections/{ledger}/attributes/bigint with:
      """
      {"key": "amount", "required": false, "min": 9007199254740993, "max": 9007199254740995}
      """
    Then the response status is 202
    And the response field "min" is 9007199254740993
    And the attribute "amount" of "ledger" becomes available
    When the server sends POST /databases/{db}/collections/{ledger}/documents with:
      """
      {"documentId": "low", "data": {"amount": 9007199254740992}}
      """
    Then the request fails with 400 "document_invalid_structure"
    When the server sends POST /databases/{db}/collections/{ledger}/documents with:
      """
      {"documentId": "ok", "data": {"amount": 9007199254740994}}
      """
    Then the response status is 201
    When the server sends POST /databases/{db}/collections/{ledger}/documents with:
      """
      {"documentId": "text", "data": {"amount": "many"}}
      """
    Then the request fails with 400 "document_invalid_structure"

  @id:types-bigint-update @op:databases.updateBigIntAttribute
  Scenario: Updating a bigint renames it and moves its bounds and default
    Given a collection "ledger"
    And "ledger" has the attributes:
      | type    | key    | options     |
      | bigint  | amount |             |
      | varchar | memo   | {"size": 8} |
    When the server sends PATCH /databases/{db}/collections/{ledger}/attributes/bigint/amount with:
      """
      {"required": false, "min": -9007199254740993, "max": 9007199254740993, "default": -9007199254740993, "newKey": "balance"}
      """
    Then the response status is 200
    And the response body matches:
      """
      {"key": "balance", "type": "bigint", "min": -9007199254740993, "max": 9007199254740993, "default": -9007199254740993}
      """
    When the server sends PATCH /databases/{db}/collections/{ledger}/attributes/bigint/balance with:
      """
      {"required": false, "default": 9007199254740995}
      """
    Then the request fails with 400 "attribute_value_invalid"
    When the server sends PATCH /databases/{db}/collections/{ledger}/attributes/bigint/balance with:
      """
      {"required": true, "default": 5}
      """
    Then the request fails with 400 "attribute_default_unsupported"
    When the server sends POST /databases/{db}/collections/{ledger}/documents with:
      """
      {"documentId": "d1", "data": {"memo": "x"}}
      """
    Then the response status is 201
    And the response field "balance" is -9007199254740993

  @id:types-bigint-refused-queries @op:databases.createBigIntAttribute @op:databases.listDocuments
  Scenario: String operators are refused on a bigint
    Given a collection "ledger"
    And "ledger" has the attributes:
      | type   | key    | options |
      | bigint | amount |         |
    When the server sends GET /databases/{db}/collections/{ledger}/documents with queries:
      """
      {"method": "startsWith", "attribute": "amount", "values": ["9"]}
      """
    Then the request fails with 400 "general_query_invalid"
    When the server sends GET /databases/{db}/collections/{ledger}/documents with queries:
      """
      {"method": "contains", "attribute": "amount", "values": [1]}
      """
    Then the request fails with 400 "general_query_invalid"
    When the server sends POST /databases/{db}/collections/{ledger}/indexes with:
      """
      {"key": "amount_search", "type": "fulltext", "attributes": ["amount"]}
      """
    Then the request fails with 400 "index_invalid"
