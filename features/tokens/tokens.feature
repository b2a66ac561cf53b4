@tokens
Feature: File tokens
  A file token lets whoever holds its `secret` view, download and preview one file, with no
  session and no key: a link to share. Tokens are made and managed with an API key only
  (scopes `tokens.read` and `tokens.write`); clients get 401 `general_unauthorized_scope`.

  - `POST /tokens/buckets/{bucketId}/files/{fileId}` with an optional `expire` (a future
    datetime, or `null` for a token that never expires) answers 201 with a `resourceToken`:
    `$id`, `$createdAt`, `resourceId` (`<bucketId>:<fileId>`), `resourceType` (`files`),
    `expire` and `accessedAt` (empty strings until set) and `secret`.
  - `GET /tokens/buckets/{bucketId}/files/{fileId}` lists one file's tokens;
    `GET`, `PATCH` (`expire`) and `DELETE /tokens/{tokenId}` read, change and delete one.
    A PATCH sets `expire` to what it is given: leaving it out, like `null`, makes the token last.
  - The `secret` is an HS256 JWT signed with a key of the server. Its claims name the token
    (`tokenId`), the resource (`resourceId`, `resourceType`, `resourceInternalId`), its creation
    (`iat`) and, only when the token expires, `exp`. It is signed anew each time a token is
    shown, over stored fields only, so every read shows the same secret until the expiry changes.
  - A date that has passed is refused with 400 `general_argument_invalid`.
  - A token names a file of a bucket that must exist: unknown ones are 404
    `storage_bucket_not_found` / `storage_file_not_found`; an unknown token is 404 `token_not_found`.
  - The list takes queries on `expire` (the attribute the API documents) and on `$id`,
    `$createdAt`, `$updatedAt`, `$sequence`. Appwrite 1.9.x itself refuses `expire`: its
    validator looks the attribute up in the files collection's schema, which has none. Against
    Appwrite 1.9.x, expect `tokens-list-queries` to fail (an expectations file entry).

  Background:
    Given a bucket "files"
    And a file "report" in "files" holding 2 KiB of random bytes

  @id:tokens-create @op:tokens.createFileToken
  Scenario: A token without an expiry
    When the server sends POST /tokens/buckets/{files}/files/{report} with:
      """
      {}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"resourceId": "{files}:{report}", "resourceType": "files", "expire": "", "accessedAt": ""}
      """
    And the response field "$createdAt" is a datetime within 60 seconds of now

  @id:tokens-create-null-expire @op:tokens.createFileToken
  Scenario: An expiry of null is no expiry
    When the server sends POST /tokens/buckets/{files}/files/{report} with:
      """
      {"expire": null}
      """
    Then the response status is 201
    And the response field "expire" is ""
    And the response field "secret" is a JWT without the claim "exp"

  @id:tokens-create-expiring @op:tokens.createFileToken
  Scenario: A token that expires
    Given the time 2 days from now is remembered as "later"
    When the server sends POST /tokens/buckets/{files}/files/{report} with:
      """
      {"expire": "{later}"}
      """
    Then the response status is 201
    And the response field "expire" is a datetime within 172900 seconds of now
    And the response field "secret" is a JWT whose "exp" is the time in the response field "expire"

  @id:tokens-create-date-only @op:tokens.createFileToken
  Scenario: An expiry may be a bare date
    Given the date 3 days from now is remembered as "day"
    When the server sends POST /tokens/buckets/{files}/files/{report} with:
      """
      {"expire": "{day}"}
      """
    Then the response status is 201
    And the response field "expire" is "{day}T00:00:00.000+00:00"

  @id:tokens-create-past-expire @op:tokens.createFileToken
  Scenario Outline: An expiry that is not a future date is refused (<case>)
    When the server sends POST /tokens/buckets/{files}/files/{report} with:
      """
      {"expire": <expire>}
      """
    Then the request fails with 400 "general_argument_invalid"
    And the response field "message" contains "Value must be valid date in the future"

    Examples:
      | case          | expire         |
      | a past date   | "2022-11-02"   |
      | not a date    | "next tuesday" |
      | an empty text | ""             |
      | a number      | 1893456000     |

  @id:tokens-secret-claims @op:tokens.createFileToken
  Scenario: The secret is a JWT naming the token and its file
    When the server sends POST /tokens/buckets/{files}/files/{report} with:
      """
      {}
      """
    Then the response status is 201
    And the response field "$id" is remembered as "token"
    And the response field "secret" is a JWT with the claims:
      """
      {"tokenId": "{token}", "resourceId": "{files}:{report}", "resourceType": "files"}
      """
    And the response field "secret" is a JWT whose "iat" is the time in the response field "$createdAt"
    And the response field "secret" is a JWT without the claim "exp"

  @id:tokens-secret-stable @op:tokens.createFileToken @op:tokens.get @op:tokens.list @op:tokens.update
  Scenario: Every read shows the secret the token was made with, until its expiry changes
    The secret is signed over stored fields only (its iat is the token's creation), so
    Appwrite 1.9.x shows the same JWT on every read; a new expiry signs a new one, and taking
    the expiry away again gives back the first.
    When the server sends POST /tokens/buckets/{files}/files/{report} with:
      """
      {}
      """
    Then the response status is 201
    And the response field "$id" is remembered as "steady"
    And the response field "secret" is remembered as "first-secret"
    When the server sends GET /tokens/{steady}
    Then the response field "secret" is "{first-secret}"
    When the server sends GET /tokens/buckets/{files}/files/{report}
    Then the response field "tokens.0.secret" is "{first-secret}"
    Given the date 2 days from now is remembered as "day"
    When the server sends PATCH /tokens/{steady} with:
      """
      {"expire": "{day}"}
      """
    Then the response status is 200
    And the response field "secret" is no longer "{first-secret}"
    And the response field "secret" is remembered as "dated-secret"
    When the server sends GET /tokens/{steady}
    Then the response field "secret" is "{dated-secret}"
    When the server sends PATCH /tokens/{steady} with:
      """
      {"expire": null}
      """
    Then the response field "secret" is "{first-secret}"

  @id:tokens-create-unknown-file @op:tokens.createFileToken
  Scenario Outline: A token for a file that does not exist (<case>)
    When the server sends POST <path> with:
      """
      {}
      """
    Then the request fails with 404 "<type>"

    Examples:
      | case           | path                                           | type                     |
      | unknown bucket | /tokens/buckets/{new-id}/files/{report}        | storage_bucket_not_found |
      | unknown file   | /tokens/buckets/{files}/files/{new-id}         | storage_file_not_found   |

  @id:tokens-create-disabled-bucket @op:tokens.createFileToken
  Scenario: A token may be made for a file in a bucket that is disabled, with the server's key
    Given a bucket "off" with:
      """
      {"enabled": false}
      """
    And a file "kept" in "off" holding the text "locked away"
    When the server sends POST /tokens/buckets/{off}/files/{kept} with:
      """
      {}
      """
    Then the response status is 201

  @id:tokens-list @op:tokens.list
  Scenario: Listing the tokens of one file
    Given a token for "report" in "files" remembered as "first"
    And a token for "report" in "files" remembered as "second"
    And a file "other" in "files" holding the text "not this one"
    And a token for "other" in "files" remembered as "elsewhere"
    When the server sends GET /tokens/buckets/{files}/files/{report}
    Then the response status is 200
    And the response field "total" is 2
    And the response field "tokens" is [{"$id": "{first}", "resourceId": "{files}:{report}"}, {"$id": "{second}", "resourceType": "files"}]
    And the response field "tokens.0.secret" is a JWT with the claims:
      """
      {"resourceId": "{files}:{report}", "resourceType": "files"}
      """

  @id:tokens-list-queries @op:tokens.list
  Scenario: Tokens are listed with queries on expire, limits and totals
    Given the time 1 day from now is remembered as "soon"
    And the time 3 days from now is remembered as "late"
    And a token for "report" in "files" remembered as "forever"
    When the server sends POST /tokens/buckets/{files}/files/{report} with:
      """
      {"expire": "{soon}"}
      """
    Then the response field "$id" is remembered as "short"
    When the server sends POST /tokens/buckets/{files}/files/{report} with:
      """
      {"expire": "{late}"}
      """
    Then the response field "$id" is remembered as "long"
    When the server sends GET /tokens/buckets/{files}/files/{report} with the queries:
      | {"method":"isNull","attribute":"expire"} |
    Then the response status is 200
    And the response field "total" is 1
    And the response field "tokens.0.$id" is "{forever}"
    When the server sends GET /tokens/buckets/{files}/files/{report} with the queries:
      | {"method":"orderDesc","attribute":"expire"}  |
      | {"method":"isNotNull","attribute":"expire"}  |
    Then the response field "total" is 2
    And the response field "tokens.0.$id" is "{long}"
    And the response field "tokens.1.$id" is "{short}"
    When the server sends GET /tokens/buckets/{files}/files/{report} with the queries:
      | {"method":"lessThan","attribute":"expire","values":["{late}"]} |
    Then the response field "total" is 1
    And the response field "tokens.0.$id" is "{short}"
    When the server sends GET /tokens/buckets/{files}/files/{report} with the queries:
      | {"method":"limit","values":[1]} |
    Then the response field "total" is 3
    And the response field "tokens" is [{"$id": "{forever}"}]
    When the server sends GET /tokens/buckets/{files}/files/{report}?total=false
    Then the response field "total" is 0

  @id:tokens-list-cursor @op:tokens.list
  Scenario: The token list pages with cursors, and an unknown cursor is refused
    Given a token for "report" in "files" remembered as "first"
    And a token for "report" in "files" remembered as "second"
    When the server sends GET /tokens/buckets/{files}/files/{report} with the queries:
      | {"method":"limit","values":[1]}                |
      | {"method":"cursorAfter","values":["{first}"]}  |
    Then the response status is 200
    And the response field "total" is 2
    And the response field "tokens" is [{"$id": "{second}"}]
    When the server sends GET /tokens/buckets/{files}/files/{report} with the queries:
      | {"method":"limit","values":[1]}                |
      | {"method":"cursorBefore","values":["{second}"]} |
    Then the response field "tokens" is [{"$id": "{first}"}]
    When the server sends GET /tokens/buckets/{files}/files/{report} with the queries:
      | {"method":"cursorAfter","values":["{new-id:unknown}"]} |
    Then the request fails with 400 "general_cursor_not_found"

  @id:tokens-list-invalid-query @op:tokens.list
  Scenario Outline: Queries the token list does not take (<case>)
    When the server sends GET /tokens/buckets/{files}/files/{report} with the queries:
      | <query> |
    Then the request fails with 400 "general_argument_invalid"

    Examples:
      | case                | query                                                  |
      | unknown attribute   | {"method":"equal","attribute":"secret","values":["x"]} |
      | select              | {"method":"select","values":["expire"]}                |
      | not a query         | expire=1                                               |

  @id:tokens-list-unknown-file @op:tokens.list
  Scenario Outline: Listing the tokens of a file that does not exist (<case>)
    When the server sends GET <path>
    Then the request fails with 404 "<type>"

    Examples:
      | case           | path                                           | type                     |
      | unknown bucket | /tokens/buckets/{new-id}/files/{report}        | storage_bucket_not_found |
      | unknown file   | /tokens/buckets/{files}/files/{new-id}         | storage_file_not_found   |

  @id:tokens-get @op:tokens.get
  Scenario: Reading one token, with its secret
    Given a token for "report" in "files" remembered as "shared"
    When the server sends GET /tokens/{shared}
    Then the response status is 200
    And the response body matches:
      """
      {"$id": "{shared}", "resourceId": "{files}:{report}", "resourceType": "files", "expire": ""}
      """
    And the response field "secret" is a JWT with the claims:
      """
      {"tokenId": "{shared}"}
      """

  @id:tokens-not-found @op:tokens.get @op:tokens.update @op:tokens.delete
  Scenario: An unknown token is 404 token_not_found
    When the server sends GET /tokens/{new-id}
    Then the request fails with 404 "token_not_found"
    When the server sends PATCH /tokens/{new-id} with:
      """
      {"expire": null}
      """
    Then the request fails with 404 "token_not_found"
    When the server sends DELETE /tokens/{new-id}
    Then the request fails with 404 "token_not_found"

  @id:tokens-update-expire @op:tokens.update
  Scenario: Setting an expiry, and taking it away again
    Given a token for "report" in "files" remembered as "shared"
    And the date 2 days from now is remembered as "day"
    When the server sends PATCH /tokens/{shared} with:
      """
      {"expire": "{day}"}
      """
    Then the response status is 200
    And the response field "$id" is "{shared}"
    And the response field "expire" is "{day}T00:00:00.000+00:00"
    And the response field "secret" is a JWT whose "exp" is the time in the response field "expire"
    When the server sends GET /tokens/{shared}
    Then the response field "expire" is "{day}T00:00:00.000+00:00"
    When the server sends PATCH /tokens/{shared} with:
      """
      {"expire": null}
      """
    Then the response status is 200
    And the response field "expire" is ""
    And the response field "secret" is a JWT without the claim "exp"

  @id:tokens-update-omitted-expire @op:tokens.update
  Scenario: An update that leaves expire out makes the token last
    Given the time 1 day from now is remembered as "soon"
    When the server sends POST /tokens/buckets/{files}/files/{report} with:
      """
      {"expire": "{soon}"}
      """
    Then the response field "$id" is remembered as "brief"
    When the server sends PATCH /tokens/{brief} with:
      """
      {}
      """
    Then the response status is 200
    And the response field "expire" is ""

  @id:tokens-update-past-expire @op:tokens.update
  Scenario: An update to a passed date is refused and changes nothing
    Given the time 1 day from now is remembered as "soon"
    When the server sends POST /tokens/buckets/{files}/files/{report} with:
      """
      {"expire": "{soon}"}
      """
    Then the response field "$id" is remembered as "brief"
    When the server sends PATCH /tokens/{brief} with:
      """
      {"expire": "2022-11-02"}
      """
    Then the request fails with 400 "general_argument_invalid"
    And the response field "message" contains "Value must be valid date in the future"
    When the server sends GET /tokens/{brief}
    Then the response field "expire" is a datetime within 86500 seconds of now

  @id:tokens-delete @op:tokens.delete
  Scenario: A deleted token is gone
    Given a token for "report" in "files" remembered as "shared"
    When the server sends DELETE /tokens/{shared}
    Then the response status is 204
    And the response body is empty
    When the server sends GET /tokens/{shared}
    Then the request fails with 404 "token_not_found"
    When the server sends GET /tokens/buckets/{files}/files/{report}
    Then the response field "total" is 0

  @id:tokens-client-scopes @op:tokens.createFileToken @op:tokens.list @op:tokens.get @op:tokens.update @op:tokens.delete
  Scenario Outline: Clients may not manage tokens: <who>
    Given a signed-in user "alice"
    And a token for "report" in "files" remembered as "shared"
    When <who> sends POST /tokens/buckets/{files}/files/{report} with:
      """
      {}
      """
    Then the request fails with 401 "general_unauthorized_scope"
    When <who> sends GET /tokens/buckets/{files}/files/{report}
    Then the request fails with 401 "general_unauthorized_scope"
    When <who> sends GET /tokens/{shared}
    Then the request fails with 401 "general_unauthorized_scope"
    When <who> sends PATCH /tokens/{shared} with:
      """
      {"expire": null}
      """
    Then the request fails with 401 "general_unauthorized_scope"
    When <who> sends DELETE /tokens/{shared}
    Then the request fails with 401 "general_unauthorized_scope"

    Examples:
      | who     |
      | a guest |
      | "alice" |

  @id:tokens-read-only-key @op:tokens.list @op:tokens.get @op:tokens.createFileToken @op:tokens.update @op:tokens.delete @needs:read-only-key
  Scenario: tokens.read lists and reads; writing needs tokens.write
    Given a token for "report" in "files" remembered as "shared"
    When a read-only key sends GET /tokens/buckets/{files}/files/{report}
    Then the response status is 200
    When a read-only key sends GET /tokens/{shared}
    Then the response status is 200
    When a read-only key sends POST /tokens/buckets/{files}/files/{report} with:
      """
      {}
      """
    Then the request fails with 401 "general_unauthorized_scope"
    When a read-only key sends PATCH /tokens/{shared} with:
      """
      {"expire": null}
      """
    Then the request fails with 401 "general_unauthorized_scope"
    When a read-only key sends DELETE /tokens/{shared}
    Then the request fails with 401 "general_unauthorized_scope"
