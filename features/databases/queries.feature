@databases
Feature: Document queries
  listDocuments takes `queries`: JSON strings sent as `queries[0]=…&queries[1]=…`, the
  way the official SDKs send them. Filters combine with AND; `or`/`and` nest. A query the
  collection's schema cannot answer is 400 `general_query_invalid`. Pages hold 25
  documents unless a `limit` says otherwise.

  Background:
    Given a collection "books"
    And "books" has the attributes:
      | type    | key    | options                     |
      | string  | title  | {"size": 64, "required": true} |
      | integer | year   | {}                          |
      | float   | rating | {}                          |
      | string  | tags   | {"size": 16, "array": true} |
      | string  | note   | {"size": 64}                |
    And "books" has a fulltext index "title_search" on "title"
    And "books" has the documents:
      """
      [
        {"$id": "dune",     "title": "Dune",                  "year": 1965, "rating": 4.5, "tags": ["sf", "desert"], "note": "classic"},
        {"$id": "emma",     "title": "Emma",                  "year": 1815, "rating": 3.9, "tags": ["romance"]},
        {"$id": "hobbit",   "title": "The Hobbit",            "year": 1937, "rating": 4.7, "tags": ["fantasy"], "note": "there and back"},
        {"$id": "neuro",    "title": "Neuromancer",           "year": 1984, "rating": 4.1, "tags": ["sf", "cyber"]},
        {"$id": "mockbird", "title": "To Kill a Mockingbird", "year": 1960, "rating": 4.8, "tags": []}
      ]
      """

  @id:query-comparison @op:databases.listDocuments
  Scenario Outline: Comparison queries: <method>
    When the server sends GET /databases/{db}/collections/{books}/documents with the queries:
      | <query>                                   |
      | {"method":"orderAsc","attribute":"year"}  |
    Then the response lists the documents "<ids>" in this order

    Examples:
      | method           | query                                                               | ids                    |
      | equal            | {"method":"equal","attribute":"title","values":["Emma","Dune"]}    | emma, dune             |
      | notEqual         | {"method":"notEqual","attribute":"year","values":[1965]}           | emma, hobbit, mockbird, neuro |
      | lessThan         | {"method":"lessThan","attribute":"year","values":[1937]}           | emma                   |
      | lessThanEqual    | {"method":"lessThanEqual","attribute":"year","values":[1937]}      | emma, hobbit           |
      | greaterThan      | {"method":"greaterThan","attribute":"rating","values":[4.5]}       | hobbit, mockbird       |
      | greaterThanEqual | {"method":"greaterThanEqual","attribute":"rating","values":[4.5]}  | hobbit, mockbird, dune |
      | between          | {"method":"between","attribute":"year","values":[1937,1965]}       | hobbit, mockbird, dune |
      | notBetween       | {"method":"notBetween","attribute":"year","values":[1937,1965]}    | emma, neuro            |
      | isNull           | {"method":"isNull","attribute":"note"}                             | emma, mockbird, neuro  |
      | isNotNull        | {"method":"isNotNull","attribute":"note"}                          | hobbit, dune           |
      | startsWith       | {"method":"startsWith","attribute":"title","values":["The"]}       | hobbit                 |
      | notStartsWith    | {"method":"notStartsWith","attribute":"title","values":["The"]}    | emma, mockbird, dune, neuro |
      | endsWith         | {"method":"endsWith","attribute":"title","values":["bird"]}        | mockbird               |
      | notEndsWith      | {"method":"notEndsWith","attribute":"title","values":["a","e"]}    | hobbit, mockbird, neuro |
      | contains array   | {"method":"contains","attribute":"tags","values":["sf"]}           | dune, neuro            |
      | containsAny      | {"method":"containsAny","attribute":"tags","values":["romance","fantasy"]} | emma, hobbit  |
      | containsAll      | {"method":"containsAll","attribute":"tags","values":["sf","cyber"]} | neuro                 |
      | notContains      | {"method":"notContains","attribute":"tags","values":["sf"]}        | emma, hobbit, mockbird |
      | contains string  | {"method":"contains","attribute":"title","values":["mock"]}        | mockbird               |

  @id:query-search @op:databases.listDocuments
  Scenario: search matches words through the fulltext index
    When the server sends GET /databases/{db}/collections/{books}/documents with the queries:
      | {"method":"search","attribute":"title","values":["hobbit"]} |
    Then the response lists the documents "hobbit" in this order
    When the server sends GET /databases/{db}/collections/{books}/documents with the queries:
      | {"method":"notSearch","attribute":"title","values":["hobbit"]} |
    Then the response lists the documents "dune, emma, neuro, mockbird" in any order

  @id:query-search-needs-index @op:databases.listDocuments
  Scenario: search on an attribute without a fulltext index is an invalid query
    When the server sends GET /databases/{db}/collections/{books}/documents with the queries:
      | {"method":"search","attribute":"note","values":["classic"]} |
    Then the request fails with 400 "general_query_invalid"

  @id:query-logical @op:databases.listDocuments
  Scenario: or and and nest filters
    When the server sends GET /databases/{db}/collections/{books}/documents with the queries:
      | {"method":"or","values":[{"method":"equal","attribute":"title","values":["Emma"]},{"method":"and","values":[{"method":"greaterThan","attribute":"year","values":[1950]},{"method":"lessThan","attribute":"rating","values":[4.6]}]}]} |
      | {"method":"orderAsc","attribute":"year"} |
    Then the response lists the documents "emma, dune, neuro" in this order

  @id:query-order @op:databases.listDocuments
  Scenario: orderDesc sorts, and several orders break ties in turn
    When the server sends GET /databases/{db}/collections/{books}/documents with the queries:
      | {"method":"orderDesc","attribute":"rating"} |
    Then the response lists the documents "mockbird, hobbit, dune, neuro, emma" in this order

  @id:query-limit-offset @op:databases.listDocuments
  Scenario: limit and offset page through the results; total counts them all
    When the server sends GET /databases/{db}/collections/{books}/documents with the queries:
      | {"method":"orderAsc","attribute":"year"} |
      | {"method":"limit","values":[2]}          |
      | {"method":"offset","values":[1]}         |
    Then the response lists the documents "hobbit, mockbird" in this order
    And the response field "total" is 5

  @id:query-cursor @op:databases.listDocuments
  Scenario: cursorAfter and cursorBefore page from a document
    When the server sends GET /databases/{db}/collections/{books}/documents with the queries:
      | {"method":"orderAsc","attribute":"year"}     |
      | {"method":"cursorAfter","values":["hobbit"]} |
      | {"method":"limit","values":[2]}              |
    Then the response lists the documents "mockbird, dune" in this order
    When the server sends GET /databases/{db}/collections/{books}/documents with the queries:
      | {"method":"orderAsc","attribute":"year"}      |
      | {"method":"cursorBefore","values":["hobbit"]} |
    Then the response lists the documents "emma" in this order

  @id:query-cursor-missing @op:databases.listDocuments
  Scenario: A cursor naming no document is refused
    When the server sends GET /databases/{db}/collections/{books}/documents with the queries:
      | {"method":"cursorAfter","values":["gone"]} |
    Then the request fails with 400 "general_cursor_not_found"

  @id:query-select @op:databases.listDocuments
  Scenario: select limits the attributes of listed documents
    When the server sends GET /databases/{db}/collections/{books}/documents with the queries:
      | {"method":"select","values":["title","year"]} |
    Then the response lists 5 documents
    And every listed document has only the attributes "title, year"

  @id:query-total-false @op:databases.listDocuments
  Scenario: total=false skips the count
    When the server sends GET /databases/{db}/collections/{books}/documents?total=false
    Then the response lists 5 documents
    And the response field "total" is 0

  @id:query-invalid @op:databases.listDocuments
  Scenario Outline: Queries the schema cannot answer are invalid: <case>
    When the server sends GET /databases/{db}/collections/{books}/documents with the queries:
      | <query> |
    Then the request fails with 400 "general_query_invalid"

    Examples:
      | case                      | query                                                  |
      | not JSON                  | equal(title, Dune)                                     |
      | unknown method            | {"method":"like","attribute":"title","values":["D"]}   |
      | unknown attribute         | {"method":"equal","attribute":"author","values":["x"]} |
      | value of the wrong type   | {"method":"equal","attribute":"year","values":["old"]} |
      | no values                 | {"method":"equal","attribute":"title","values":[]}     |
      | between with one value    | {"method":"between","attribute":"year","values":[1]}   |
      | limit below one           | {"method":"limit","values":[0]}                        |
      | or with one query         | {"method":"or","values":[{"method":"equal","attribute":"year","values":[1]}]} |
      | comparison on an array    | {"method":"greaterThan","attribute":"tags","values":["a"]} |

  @id:query-value-limit @op:databases.listDocuments
  Scenario: A filter takes at most 500 values
    When the server sends GET /databases/{db}/collections/{books}/documents with an equal query on "title" of 500 values
    Then the response status is 200
    When the server sends GET /databases/{db}/collections/{books}/documents with an equal query on "title" of 501 values
    Then the request fails with 400 "general_query_invalid"

  @id:query-count-limit @op:databases.listDocuments
  Scenario: A request carries at most 100 queries
    When the server sends GET /databases/{db}/collections/{books}/documents with 100 copies of the query:
      """
      {"method":"greaterThan","attribute":"year","values":[0]}
      """
    Then the response lists 5 documents
    When the server sends GET /databases/{db}/collections/{books}/documents with 101 copies of the query:
      """
      {"method":"greaterThan","attribute":"year","values":[0]}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:query-default-page @op:databases.listDocuments
  Scenario: Without a limit a page holds 25 documents
    Given a collection "many"
    And "many" has the attributes:
      | type   | key  | options      |
      | string | name | {"size": 16} |
    And "many" has 30 documents like:
      """
      {"name": "same"}
      """
    When the server sends GET /databases/{db}/collections/{many}/documents
    Then the response lists 25 documents
    And the response field "total" is 30

  @id:query-order-ties @op:databases.listDocuments
  Scenario: A second order breaks the ties of the first; empty values sort first ascending
    When the server sends GET /databases/{db}/collections/{books}/documents with the queries:
      | {"method":"orderAsc","attribute":"note"}  |
      | {"method":"orderDesc","attribute":"year"} |
    Then the response lists the documents "neuro, mockbird, emma, dune, hobbit" in this order

  @id:query-system-attributes @op:databases.listDocuments
  Scenario: Queries reach the system attributes $id, $createdAt and $updatedAt
    When the server sends GET /databases/{db}/collections/{books}/documents with the queries:
      | {"method":"equal","attribute":"$id","values":["emma","neuro"]} |
      | {"method":"orderAsc","attribute":"$id"}                        |
    Then the response lists the documents "emma, neuro" in this order
    When the server sends GET /databases/{db}/collections/{books}/documents with the queries:
      | {"method":"lessThan","attribute":"$createdAt","values":["2999-01-01T00:00:00.000+00:00"]} |
    Then the response lists 5 documents
    When the server sends GET /databases/{db}/collections/{books}/documents with the queries:
      | {"method":"greaterThan","attribute":"$updatedAt","values":["2999-01-01T00:00:00.000+00:00"]} |
    Then the response lists the documents "" in any order

  @id:query-get-filter-refused @op:databases.getDocument
  Scenario: getDocument takes select queries only
    When the server sends GET /databases/{db}/collections/{books}/documents/dune with the queries:
      | {"method":"equal","attribute":"title","values":["Dune"]} |
    Then the request fails with 400 "general_query_invalid"

  @id:query-order-random @op:databases.listDocuments
  Scenario: orderRandom names no attribute and returns every match, in an order of the server's choosing
    When the server sends GET /databases/{db}/collections/{books}/documents with the queries:
      | {"method":"orderRandom"}                                  |
      | {"method":"greaterThan","attribute":"year","values":[1900]} |
    Then the response lists the documents "dune, hobbit, neuro, mockbird" in any order
    And the response field "total" is 4
