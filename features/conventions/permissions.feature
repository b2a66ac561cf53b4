@conventions
Feature: Permission strings
  Every service takes permissions in one syntax: `action("role")`. The actions are `read`,
  `create`, `update`, `delete` and `write` (create, update and delete at once, where the
  resource allows them). The roles are `any`, `guests`, `users` (optionally
  `users/verified` or `users/unverified`), `user:ID` (with the same optional dimension),
  `team:ID` (optionally `team:ID/ROLE`), `member:ID` and `label:NAME` (letters and digits
  only). IDs follow the custom-ID rule. The old forms `*` and `role:…` were removed and are
  refused. At most 100 permissions fit in one request; repeats are kept once. Anything else
  is 400 `general_argument_invalid`, naming what is wrong. Buckets stand for every resource
  here.

  @id:perm-syntax-valid-roles @op:storage.createBucket
  Scenario: Every role shape is accepted and kept as given
    When the server sends POST /storage/buckets with:
      """
      {"bucketId": "{new-id:b}", "name": "roles", "permissions": [
        "read(\"any\")", "read(\"guests\")", "read(\"users\")", "read(\"users/verified\")", "read(\"users/unverified\")",
        "read(\"user:u1\")", "read(\"user:u1/verified\")", "read(\"team:t1\")", "read(\"team:t1/owner\")",
        "read(\"member:m1\")", "read(\"label:vip\")"
      ]}
      """
    Then the response status is 201
    And the response field "$permissions" is ["read(\"any\")", "read(\"guests\")", "read(\"users\")", "read(\"users/verified\")", "read(\"users/unverified\")", "read(\"user:u1\")", "read(\"user:u1/verified\")", "read(\"team:t1\")", "read(\"team:t1/owner\")", "read(\"member:m1\")", "read(\"label:vip\")"]

  @id:perm-syntax-legacy-refused @op:storage.createBucket
  Scenario Outline: The removed permission forms are refused (<permission>)
    Given the JSON string '<permission>' remembered as "legacy"
    When the server sends POST /storage/buckets with:
      """
      {"bucketId": "{new-id:b}", "name": "legacy", "permissions": [{legacy}]}
      """
    Then the request fails with 400 "general_argument_invalid"
    And the error message contains '<reason>'

    Examples:
      | permission          | reason              |
      | read("role:all")    | "role:" prefix      |
      | read("role:member") | "role:" prefix      |
      | role:all            | "role:" prefix      |
      | *                   | Wildcard permission |

  @id:perm-syntax-invalid-refused @op:storage.createBucket
  Scenario Outline: A malformed permission is refused (<case>)
    Given the JSON string '<permission>' remembered as "bad"
    When the server sends POST /storage/buckets with:
      """
      {"bucketId": "{new-id:b}", "name": "bad", "permissions": [{bad}]}
      """
    Then the request fails with 400 "general_argument_invalid"
    And the error message contains '<reason>'

    Examples:
      | case                         | permission                                         | reason                           |
      | unquoted role                | read(any)                                          | Invalid permission string format |
      | unknown action               | fly("any")                                         | is not allowed                   |
      | unknown role                 | read("everyone")                                   | Role "everyone" is not allowed   |
      | users with an ID             | read("users:u1")                                   | can not have an ID value         |
      | user without an ID           | read("user")                                       | must have an ID value            |
      | any with a dimension         | read("any/verified")                               | can not have a dimension value   |
      | user with a team role        | read("user:u1/owner")                              | dimension value is invalid       |
      | member with a dimension      | read("member:m1/owner")                            | can not have a dimension value   |
      | empty dimension              | read("team:t1/")                                   | Dimension must not be empty      |
      | two dimensions               | read("team:t1/a/b")                                | Only one dimension               |
      | ID with a leading underscore | read("user:_u1")                                   | identifier value is invalid      |
      | ID of 37 characters          | read("user:abcdefghijklmnopqrstuvwxyz01234567890") | identifier value is invalid      |
      | label with a hyphen          | read("label:vip-1")                                | identifier value is invalid      |

  @id:perm-syntax-too-many @op:storage.createBucket
  Scenario: At most 100 permissions fit in one request
    Given 100 distinct read permissions remembered as "hundred"
    And 101 distinct read permissions remembered as "toomany"
    When the server sends POST /storage/buckets with:
      """
      {"bucketId": "{new-id:b}", "name": "many", "permissions": {toomany}}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends POST /storage/buckets with:
      """
      {"bucketId": "{new-id:b}", "name": "many", "permissions": {hundred}}
      """
    Then the response status is 201

  @id:perm-syntax-duplicates-kept-once @op:storage.createBucket
  Scenario: A permission given twice is kept once
    When the server sends POST /storage/buckets with:
      """
      {"bucketId": "{new-id:b}", "name": "twice", "permissions": ["read(\"any\")", "read(\"any\")", "update(\"users\")"]}
      """
    Then the response status is 201
    And the response field "$permissions" is ["read(\"any\")", "update(\"users\")"]

  @id:perm-syntax-write-expands @op:storage.createBucket
  Scenario: write() stands for create(), update() and delete()
    When the server sends POST /storage/buckets with:
      """
      {"bucketId": "{new-id:b}", "name": "write", "permissions": ["write(\"user:u1\")", "delete(\"user:u1\")"]}
      """
    Then the response status is 201
    And the response field "$permissions" is ["create(\"user:u1\")", "update(\"user:u1\")", "delete(\"user:u1\")"]
