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
