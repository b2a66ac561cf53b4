@databases
Feature: Databases
  A database groups collections. Databases are managed with a server key holding the
  `databases.read` / `databases.write` scopes; a disabled database hides its documents
  from clients but not from keys.

  @id:db-create-get @op:databases.create @op:databases.get
  Scenario: A created database reads back with its name, state and type
    When the server sends POST /databases with:
      """
      {"databaseId": "{new-id:db}", "name": "Library"}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"$id": "<non-empty string>", "name": "Library", "enabled": true, "type": "legacy", "$createdAt": "<datetime>", "$updatedAt": "<datetime>"}
      """
    And the response field "$id" is remembered as "lib"
    When the server sends GET /databases/{lib}
    Then the response status is 200
    And the response field "name" is "Library"

  @id:db-create-unique-id @op:databases.create
  Scenario: The server picks the ID when asked for unique()
    When the server sends POST /databases with:
      """
      {"databaseId": "unique()", "name": "Generated"}
      """
    Then the response status is 201
    And the response field "$id" is "<non-empty string>"

  @id:db-create-duplicate @op:databases.create
  Scenario: A database ID can be used once
    Given a collection "books"
    When the server sends POST /databases with:
      """
      {"databaseId": "{db}", "name": "Again"}
      """
    Then the request fails with 409 "database_already_exists"

  @id:db-create-missing-name @op:databases.create
  Scenario: A database needs a name
    When the server sends POST /databases with:
      """
      {"databaseId": "{new-id:db}"}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:db-create-needs-key @op:databases.create
  Scenario: Clients cannot create databases
    Given a signed-in user "alice"
    When "alice" sends POST /databases with:
      """
      {"databaseId": "{new-id:db}", "name": "Mine"}
      """
    Then the request fails with 401 "general_unauthorized_scope"

  @id:db-get-missing @op:databases.get
  Scenario: An unknown database is a 404
    When the server sends GET /databases/no-such-database
    Then the request fails with 404 "database_not_found"

  @id:db-list @op:databases.list
  Scenario: Databases are listed with a total, and can be filtered by name
    Given a collection "books"
    When the server sends GET /databases with the queries:
      | {"method":"equal","attribute":"$id","values":["{db}"]} |
    Then the response status is 200
    And the response field "total" is 1
    And the response field "databases.0.$id" is "{db}"

  @id:db-list-search @op:databases.list
  Scenario: The search param finds databases by name
    When the server sends POST /databases with:
      """
      {"databaseId": "{new-id:db}", "name": "Zanzibar archive"}
      """
    Then the response field "$id" is remembered as "zdb"
    When the server sends POST /databases with:
      """
      {"databaseId": "{new-id:db}", "name": "Yukon records"}
      """
    Then the response status is 201
    When the server sends GET /databases?search=Zanzibar
    Then the response status is 200
    And the response field "total" is 1
    And the response field "databases.0.$id" is "{zdb}"

  @id:db-list-invalid-query @op:databases.list
  Scenario: Database lists refuse queries on attributes they do not index
    When the server sends GET /databases with the queries:
      | {"method":"equal","attribute":"secret","values":["x"]} |
    Then the request fails with 400 "general_argument_invalid"

  @id:db-update @op:databases.update
  Scenario: A database can be renamed and disabled
    Given a collection "books"
    When the server sends PUT /databases/{db} with:
      """
      {"name": "Renamed", "enabled": false}
      """
    Then the response status is 200
    And the response field "name" is "Renamed"
    And the response field "enabled" is false

  @id:db-update-missing @op:databases.update
  Scenario: Updating an unknown database is a 404
    When the server sends PUT /databases/no-such-database with:
      """
      {"name": "Nothing"}
      """
    Then the request fails with 404 "database_not_found"

  @id:db-delete @op:databases.delete
  Scenario: Deleting a database removes it and its collections
    Given a collection "books"
    When the server sends DELETE /databases/{db}
    Then the response status is 204
    When the server sends GET /databases/{db}/collections/{books}
    Then the request fails with 404 "database_not_found"

  @id:db-delete-missing @op:databases.delete
  Scenario: Deleting an unknown database is a 404
    When the server sends DELETE /databases/no-such-database
    Then the request fails with 404 "database_not_found"
