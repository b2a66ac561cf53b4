@databases
Feature: Attributes
  Attributes give a collection's documents their shape: a type, whether they are
  required, a default, arrays, sizes, ranges and enum elements. Creating one answers
  202 with status `processing`: Appwrite adds the column in the background, and the
  attribute becomes `available` after that (clients poll it).

  @id:attr-string-lifecycle @op:databases.createStringAttribute @op:databases.getAttribute
  Scenario: A string attribute is accepted, then becomes available
    Given a collection "books"
    When the server sends POST /databases/{db}/collections/{books}/attributes/string with:
      """
      {"key": "title", "size": 128, "required": false, "default": "Untitled"}
      """
    Then the response status is 202
    And the response body matches:
      """
      {"key": "title", "type": "string", "size": 128, "required": false, "default": "Untitled", "status": "processing", "array": false}
      """
    And the attribute "title" of "books" becomes available

  @id:attr-each-type @op:databases.createIntegerAttribute @op:databases.createFloatAttribute @op:databases.createBooleanAttribute @op:databases.createEmailAttribute @op:databases.createEnumAttribute @op:databases.createIpAttribute @op:databases.createUrlAttribute @op:databases.createDatetimeAttribute @op:databases.listAttributes
  Scenario: Every attribute type is created and listed with its type and format
    Given a collection "things"
    And "things" has the attributes:
      | type     | key      | options                                        |
      | integer  | count    | {"min": 0, "max": 10, "default": 5}            |
      | float    | price    | {"min": 0.5, "max": 99.5}                      |
      | boolean  | active   | {"default": true}                              |
      | email    | contact  | {}                                             |
      | enum     | state    | {"elements": ["draft", "done"], "default": "draft"} |
      | ip       | address  | {}                                             |
      | url      | homepage | {}                                             |
      | datetime | due      | {}                                             |
    When the server sends GET /databases/{db}/collections/{things}/attributes
    Then the response status is 200
    And the response body matches:
      """
      {"total": 8, "attributes": [
        {"key": "count", "type": "integer", "min": 0, "max": 10, "default": 5, "status": "available"},
        {"key": "price", "type": "double", "min": 0.5, "max": 99.5},
        {"key": "active", "type": "boolean", "default": true},
        {"key": "contact", "type": "string", "format": "email"},
        {"key": "state", "type": "string", "format": "enum", "elements": ["draft", "done"], "default": "draft"},
        {"key": "address", "type": "string", "format": "ip"},
        {"key": "homepage", "type": "string", "format": "url"},
        {"key": "due", "type": "datetime"}
      ]}
      """

  @id:attr-list-queries @op:databases.listAttributes
  Scenario: Attributes are listed with queries on key, type, size, required, array, status
    Given a collection "things"
    And "things" has the attributes:
      | type    | key   | options      |
      | string  | title | {"size": 64} |
      | integer | count | {}           |
      | integer | total | {}           |
    When the server sends GET /databases/{db}/collections/{things}/attributes with the queries:
      | {"method":"equal","attribute":"type","values":["integer"]} |
    Then the response status is 200
    And the response body matches:
      """
      {"total": 2, "attributes": [{"key": "count"}, {"key": "total"}]}
      """
    When the server sends GET /databases/{db}/collections/{things}/attributes with the queries:
      | {"method":"equal","attribute":"default","values":["x"]} |
    Then the request fails with 400 "general_argument_invalid"

  @id:attr-array @op:databases.createStringAttribute
  Scenario: Array attributes say so
    Given a collection "books"
    And "books" has the attributes:
      | type   | key  | options                   |
      | string | tags | {"size": 16, "array": true} |
    When the server sends GET /databases/{db}/collections/{books}/attributes/tags
    Then the response status is 200
    And the response field "array" is true

  @id:attr-duplicate @op:databases.createStringAttribute
  Scenario: An attribute key is unique within its collection
    Given a collection "books"
    And "books" has the attributes:
      | type   | key   | options      |
      | string | title | {"size": 64} |
    When the server sends POST /databases/{db}/collections/{books}/attributes/string with:
      """
      {"key": "title", "size": 64, "required": false}
      """
    Then the request fails with 409 "attribute_already_exists"

  @id:attr-string-needs-size @op:databases.createStringAttribute
  Scenario: A string attribute needs a size
    Given a collection "books"
    When the server sends POST /databases/{db}/collections/{books}/attributes/string with:
      """
      {"key": "title", "required": false}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:attr-default-required @op:databases.createStringAttribute
  Scenario: A required attribute cannot have a default
    Given a collection "books"
    When the server sends POST /databases/{db}/collections/{books}/attributes/string with:
      """
      {"key": "title", "size": 64, "required": true, "default": "x"}
      """
    Then the request fails with 400 "attribute_default_unsupported"

  @id:attr-default-array @op:databases.createIntegerAttribute
  Scenario: An array attribute cannot have a default
    Given a collection "books"
    When the server sends POST /databases/{db}/collections/{books}/attributes/integer with:
      """
      {"key": "scores", "required": false, "array": true, "default": 1}
      """
    Then the request fails with 400 "attribute_default_unsupported"

  @id:attr-integer-range @op:databases.createIntegerAttribute
  Scenario: The minimum must not exceed the maximum, and the default must lie between
    Given a collection "books"
    When the server sends POST /databases/{db}/collections/{books}/attributes/integer with:
      """
      {"key": "count", "required": false, "min": 10, "max": 1}
      """
    Then the request fails with 400 "attribute_value_invalid"
    When the server sends POST /databases/{db}/collections/{books}/attributes/integer with:
      """
      {"key": "count", "required": false, "min": 1, "max": 10, "default": 11}
      """
    Then the request fails with 400 "attribute_value_invalid"

  @id:attr-enum-default @op:databases.createEnumAttribute
  Scenario: An enum default must be one of its elements
    Given a collection "books"
    When the server sends POST /databases/{db}/collections/{books}/attributes/enum with:
      """
      {"key": "state", "elements": ["draft", "done"], "required": false, "default": "lost"}
      """
    Then the request fails with 400 "attribute_value_invalid"

  @id:attr-email-default @op:databases.createEmailAttribute
  Scenario: A formatted attribute's default must have the format
    Given a collection "books"
    When the server sends POST /databases/{db}/collections/{books}/attributes/email with:
      """
      {"key": "contact", "required": false, "default": "not-an-email"}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:attr-collection-missing @op:databases.createBooleanAttribute
  Scenario: Attributes need an existing collection
    Given a collection "books"
    When the server sends POST /databases/{db}/collections/no-such-collection/attributes/boolean with:
      """
      {"key": "flag", "required": false}
      """
    Then the request fails with 404 "collection_not_found"

  @id:attr-get-missing @op:databases.getAttribute
  Scenario: An unknown attribute is a 404
    Given a collection "books"
    When the server sends GET /databases/{db}/collections/{books}/attributes/nothing
    Then the request fails with 404 "attribute_not_found"

  @id:attr-update-string @op:databases.updateStringAttribute
  Scenario: An attribute's default, required flag, size and key can change
    Given a collection "books"
    And "books" has the attributes:
      | type   | key   | options      |
      | string | title | {"size": 64} |
    When the server sends PATCH /databases/{db}/collections/{books}/attributes/string/title with:
      """
      {"required": false, "default": "Untitled", "size": 200, "newKey": "name"}
      """
    Then the response status is 200
    And the response body matches:
      """
      {"key": "name", "size": 200, "default": "Untitled", "required": false}
      """
    When the server sends GET /databases/{db}/collections/{books}/attributes/name
    Then the response status is 200

  @id:attr-update-each-type @op:databases.updateIntegerAttribute @op:databases.updateFloatAttribute @op:databases.updateBooleanAttribute @op:databases.updateEmailAttribute @op:databases.updateEnumAttribute @op:databases.updateIpAttribute @op:databases.updateUrlAttribute @op:databases.updateDatetimeAttribute
  Scenario: Each type updates through its own route
    Given a collection "things"
    And "things" has the attributes:
      | type     | key      | options                        |
      | integer  | count    | {}                             |
      | float    | price    | {}                             |
      | boolean  | active   | {}                             |
      | email    | contact  | {}                             |
      | enum     | state    | {"elements": ["a", "b"]}       |
      | ip       | address  | {}                             |
      | url      | homepage | {}                             |
      | datetime | due      | {}                             |
    When the server sends PATCH /databases/{db}/collections/{things}/attributes/integer/count with:
      """
      {"required": false, "default": 3, "min": 0, "max": 5}
      """
    Then the response status is 200
    And the response body matches:
      """
      {"default": 3, "min": 0, "max": 5}
      """
    When the server sends PATCH /databases/{db}/collections/{things}/attributes/float/price with:
      """
      {"required": false, "default": 1.5}
      """
    Then the response field "default" is 1.5
    When the server sends PATCH /databases/{db}/collections/{things}/attributes/boolean/active with:
      """
      {"required": true, "default": null}
      """
    Then the response field "required" is true
    When the server sends PATCH /databases/{db}/collections/{things}/attributes/email/contact with:
      """
      {"required": false, "default": "team@example.com"}
      """
    Then the response field "default" is "team@example.com"
    When the server sends PATCH /databases/{db}/collections/{things}/attributes/enum/state with:
      """
      {"required": false, "default": "c", "elements": ["a", "b", "c"]}
      """
    Then the response field "elements" is ["a", "b", "c"]
    When the server sends PATCH /databases/{db}/collections/{things}/attributes/ip/address with:
      """
      {"required": false, "default": "10.0.0.1"}
      """
    Then the response field "default" is "10.0.0.1"
    When the server sends PATCH /databases/{db}/collections/{things}/attributes/url/homepage with:
      """
      {"required": false, "default": "https://example.com"}
      """
    Then the response field "default" is "https://example.com"
    When the server sends PATCH /databases/{db}/collections/{things}/attributes/datetime/due with:
      """
      {"required": false, "default": "2030-01-01T00:00:00.000+00:00"}
      """
    Then the response status is 200
    And the response field "default" is "<datetime>"

  @id:attr-update-wrong-type @op:databases.updateIntegerAttribute
  Scenario: An attribute updates only through the route of its own type
    Given a collection "books"
    And "books" has the attributes:
      | type   | key   | options      |
      | string | title | {"size": 64} |
    When the server sends PATCH /databases/{db}/collections/{books}/attributes/integer/title with:
      """
      {"required": false, "default": null}
      """
    Then the request fails with 400 "attribute_type_invalid"

  @id:attr-update-missing @op:databases.updateStringAttribute
  Scenario: Updating an unknown attribute is a 404
    Given a collection "books"
    When the server sends PATCH /databases/{db}/collections/{books}/attributes/string/nothing with:
      """
      {"required": false, "default": null}
      """
    Then the request fails with 404 "attribute_not_found"

  @id:attr-delete @op:databases.deleteAttribute
  Scenario: A deleted attribute disappears from the collection and its documents
    Given a collection "books"
    And "books" has the attributes:
      | type   | key   | options      |
      | string | title | {"size": 64} |
      | string | note  | {"size": 64} |
    And "books" has the documents:
      """
      [{"$id": "dune", "title": "Dune", "note": "classic"}]
      """
    When the server sends DELETE /databases/{db}/collections/{books}/attributes/note
    Then the response status is 204
    When the server sends GET /databases/{db}/collections/{books}/documents/dune
    Then the response status is 200
    And the response body matches:
      """
      {"title": "Dune", "note": "<absent>"}
      """

  @id:attr-delete-missing @op:databases.deleteAttribute
  Scenario: Deleting an unknown attribute is a 404
    Given a collection "books"
    When the server sends DELETE /databases/{db}/collections/{books}/attributes/nothing
    Then the request fails with 404 "attribute_not_found"

  @id:attr-key-invalid @op:databases.createStringAttribute
  Scenario: An attribute key is at most 36 characters of a-z, A-Z, 0-9, period, hyphen, underscore, not starting with a special one
    Given a collection "books"
    When the server sends POST /databases/{db}/collections/{books}/attributes/string with:
      """
      {"key": "_hidden", "size": 16, "required": false}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends POST /databases/{db}/collections/{books}/attributes/string with:
      """
      {"key": "a-key-that-is-thirty-seven-chars-long", "size": 16, "required": false}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends POST /databases/{db}/collections/{books}/attributes/string with:
      """
      {"key": "has space", "size": 16, "required": false}
      """
    Then the request fails with 400 "general_argument_invalid"
