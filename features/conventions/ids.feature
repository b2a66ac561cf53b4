@conventions
Feature: Resource IDs
  Most resources take an ID from the caller. `unique()` asks the server to make one up;
  a custom ID has at most 36 characters from a-z, A-Z, 0-9, period, hyphen and underscore,
  and cannot start with a special character. Anything else is a 400.

  @id:ids-unique @op:users.create
  Scenario: unique() lets the server choose the ID
    When the server sends POST /users with:
      """
      {"userId": "unique()", "email": "{new-id:u}@conform.test", "password": "password1234"}
      """
    Then the response status is 201
    And the response field "$id" is "<non-empty string>"
    And the response field "$id" is remembered as "chosen"
    When the server sends GET /users/{chosen}
    Then the response status is 200

  @id:ids-custom-valid @op:users.create
  Scenario: A custom ID may contain periods, hyphens and underscores after its first character
    Given a new ID remembered as "ok"
    When the server sends POST /users with:
      """
      {"userId": "{ok}.a_b", "email": "{ok}@conform.test", "password": "password1234"}
      """
    Then the response status is 201
    And the response field "$id" is "{ok}.a_b"
    When the server sends GET /users/{ok}.a_b
    Then the response status is 200

  @id:ids-custom-invalid @op:users.create
  Scenario Outline: A custom ID that breaks the rules is refused (<why>)
    When the server sends POST /users with:
      """
      {"userId": "<id>", "email": "{new-id:bad}@conform.test", "password": "password1234"}
      """
    Then the request fails with 400 "general_argument_invalid"

    Examples:
      | id                                    | why                          |
      | _leading-underscore                   | starts with a special char   |
      | .leading-period                       | starts with a period         |
      | abcdefghijklmnopqrstuvwxyz01234567890 | 37 characters                |
      | has space                             | a character outside the set  |
      | slash/inside                          | a slash                      |

  @id:ids-duplicate @op:users.create
  Scenario: Reusing an ID is a conflict
    Given a user "alice"
    When the server sends POST /users with:
      """
      {"userId": "{alice.id}", "email": "{new-id:dup}@conform.test", "password": "password1234"}
      """
    Then the request fails with 409 "user_already_exists"

  @id:ids-path-invalid-is-400 @op:users.get @op:teams.get @op:storage.getBucket @op:storage.listFiles @op:databases.get @op:databases.listDocuments
  Scenario Outline: An ID in the path that breaks the rules is a 400, not a 404 (<path>)
    When the server sends GET <path>
    Then the request fails with 400 "general_argument_invalid"
    And the error message contains 'UID must contain at most 36 chars'

    Examples:
      | path                                                   |
      | /users/abcdefghijklmnopqrstuvwxyz01234567890           |
      | /users/_leading-underscore                             |
      | /users/has%20space                                     |
      | /teams/abcdefghijklmnopqrstuvwxyz01234567890           |
      | /storage/buckets/abcdefghijklmnopqrstuvwxyz01234567890 |
      | /storage/buckets/bad!id/files                          |
      | /databases/abcdefghijklmnopqrstuvwxyz01234567890       |
      | /databases/unknown/collections/_bad/documents          |

  @id:ids-path-invalid-delete-is-400 @op:users.delete
  Scenario: Deleting by an ID that breaks the rules is a 400 too
    When the server sends DELETE /users/-leading-hyphen
    Then the request fails with 400 "general_argument_invalid"

  @id:ids-path-valid-unknown-is-404 @op:users.get
  Scenario: A well-formed ID that names nothing is a 404
    When the server sends GET /users/abcdefghijklmnopqrstuvwxyz0123456789
    Then the request fails with 404 "user_not_found"

  @id:ids-session-path-invalid-is-400 @op:account.getSession
  Scenario: A session ID that breaks the rules is a 400 for its owner too
    Given a signed-in user "alice"
    When "alice" sends GET /account/sessions/abcdefghijklmnopqrstuvwxyz01234567890
    Then the request fails with 400 "general_argument_invalid"

  @id:ids-body-invalid-across-services @op:teams.create @op:storage.createBucket @op:databases.create
  Scenario Outline: Every service applies the custom-ID rule to new IDs (<path>)
    When the server sends POST <path> with:
      """
      <body>
      """
    Then the request fails with 400 "general_argument_invalid"
    And the error message contains 'at most 36 chars'

    Examples:
      | path             | body                                                                     |
      | /teams           | {"teamId": "_bad", "name": "t"}                                          |
      | /teams           | {"teamId": "abcdefghijklmnopqrstuvwxyz01234567890", "name": "t"}         |
      | /storage/buckets | {"bucketId": ".bad", "name": "b"}                                        |
      | /storage/buckets | {"bucketId": "has space", "name": "b"}                                   |
      | /databases       | {"databaseId": "-bad", "name": "d"}                                      |
      | /databases       | {"databaseId": "abcdefghijklmnopqrstuvwxyz01234567890", "name": "d"}     |

  @id:ids-unique-across-services @op:teams.create @op:storage.createBucket @op:databases.create
  Scenario Outline: Every service makes up an ID for unique() (<path>)
    When the server sends POST <path> with:
      """
      <body>
      """
    Then the response status is 201
    And the response field "$id" is remembered as "made"
    And the response field "$id" does not contain "unique"

    Examples:
      | path             | body                                          |
      | /teams           | {"teamId": "unique()", "name": "t"}           |
      | /storage/buckets | {"bucketId": "unique()", "name": "b"}         |
      | /databases       | {"databaseId": "unique()", "name": "d"}       |
