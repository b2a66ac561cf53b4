@conventions @wire
Feature: Wire habits of the official clients
  Apps reach a server through the official clients, and each puts requests on the wire in its
  own way; a server must cope with every one of them, and answer in ways they can all read.
  The suite sends every request the way one client does (`conform run --client-style
  node|python|cli`, node by default). The scenarios here document one habit each, and those
  that belong to one client send in that client's style whatever the run's style.

  What the clients send (node-appwrite 27.1.0, appwrite 22.2.0 for Python, appwrite-cli 12.0.1):
  - every call carries `X-Appwrite-Response-Format` (1.9.5 from the SDKs) and `x-sdk-name`,
    `x-sdk-platform`, `x-sdk-language`, `x-sdk-version` naming the client;
  - a GET carries no Content-Type (Node), an empty `content-type:` header (Python) or
    `Content-Type: multipart/form-data` without a boundary (the CLI); the server reads a GET's
    params from the query string alone;
  - a DELETE carries `content-type: application/json` and the body `{}` (all three);
  - query-string arrays go as `queries[0]=…&queries[1]=…`, brackets percent-encoded
    (`queries%5B0%5D=`), never as `queries[]`; booleans as the text `true` or `false`;
  - multipart arrays go as `permissions[]` (Node) or `permissions[0]`, `permissions[1]`
    (Python, the CLI).

  What they rely on in every answer, checked on every response of every scenario (not only
  here): a `Content-Type` header (the Python SDK reads it on every response, 204s included), a
  204 with no body and not labelled `application/json`, a file's bytes labelled
  `application/json` only when they are JSON (both SDKs parse what is so labelled), and a
  `message` in every error body (both SDKs raise it). A response format newer than the
  server's gets an `X-Appwrite-Warning` header, which the SDKs print.

  Background:
    Given a bucket "box" with:
      """
      {"permissions": ["read(\"any\")"]}
      """

  @id:wire-python-get-empty-content-type @op:storage.listFiles
  Scenario: The Python SDK sends GETs with an empty Content-Type header
    Given requests are sent the way the Python SDK sends them
    And a file "note" in "box" holding the text "hello"
    When the server sends GET /storage/buckets/{box}/files with queries:
      """
      {"method":"equal","attribute":"name","values":["{note.name}"]}
      """
    Then the response status is 200
    And the response field "total" is 1
    And the response field "files.0.$id" is "{note}"

  @id:wire-cli-get-multipart-content-type @op:storage.getFile
  Scenario: The CLI sends GETs labelled multipart/form-data, without a boundary
    # The CLI sends its upload's headers on the GET that looks for an unfinished upload; the
    # CLI style sends that Content-Type on every GET.
    Given requests are sent the way the CLI sends them
    And a file "note" in "box" holding the text "hello"
    When the server sends GET /storage/buckets/{box}/files/{note}
    Then the response status is 200
    And the response field "$id" is "{note}"
    And the response field "name" is "{note.name}"

  @id:wire-delete-empty-json-body @op:storage.deleteFile
  Scenario: A DELETE arrives with the JSON body {}, and its 204 is empty and not labelled JSON
    Given a file "note" in "box" holding the text "hello"
    When the server sends DELETE /storage/buckets/{box}/files/{note} with:
      """
      {}
      """
    Then the response status is 204
    And the response body is empty
    And the response has no JSON content type
    When the server sends GET /storage/buckets/{box}/files/{note}
    Then the request fails with 404 "storage_file_not_found"

  @id:wire-node-multipart-array-brackets @op:storage.createFile
  Scenario: The Node SDK sends multipart arrays as permissions[]
    Given requests are sent the way the Node SDK sends them
    When the server uploads the text "shared" as "shared.txt" to "box" with:
      | field         | value           |
      | permissions[] | read("any")     |
      | permissions[] | update("users") |
    Then the response status is 201
    And the response field "$permissions" contains "read(\"any\")"
    And the response field "$permissions" contains "update(\"users\")"

  @id:wire-multipart-array-indexed @op:storage.createFile
  Scenario Outline: The <client> sends multipart arrays as permissions[0], permissions[1]
    Given requests are sent the way the <client> sends them
    When the server uploads the text "shared" as "shared.txt" to "box" with:
      | field          | value           |
      | permissions[0] | read("any")     |
      | permissions[1] | update("users") |
    Then the response status is 201
    And the response field "$permissions" contains "read(\"any\")"
    And the response field "$permissions" contains "update(\"users\")"

    Examples:
      | client     |
      | Python SDK |
      | CLI        |

  @id:wire-queries-indexed @op:storage.listFiles
  Scenario: Queries arrive numbered, as queries[0] and queries[1]
    Given a file "first" in "box" holding the text "1"
    And a file "second" in "box" holding the text "2"
    When the server sends GET /storage/buckets/{box}/files with queries:
      """
      {"method":"orderDesc","attribute":"name"}
      {"method":"limit","values":[1]}
      """
    Then the response status is 200
    And the response field "total" is 2
    And the response field "files.0.$id" is "{second}"
    And the response field "files.1" is "<absent>"

  @id:wire-boolean-as-text @op:storage.listFiles
  Scenario: Booleans arrive as the text false: total=false skips the count
    Given a file "note" in "box" holding the text "hello"
    When the server sends GET /storage/buckets/{box}/files?total=false
    Then the response status is 200
    And the response field "total" is 0
    And the response field "files.0.$id" is "{note}"

  @id:wire-file-bytes-not-labelled-json @op:storage.getFileDownload @op:storage.getFileView
  Scenario: A file's bytes are labelled with the file's type, never as JSON
    Given a file "picture" in "box" holding a 16x16 PNG image
    When a guest sends GET /storage/buckets/{box}/files/{picture}/download
    Then the response status is 200
    And the response header "Content-Type" contains "image/png"
    When a guest sends GET /storage/buckets/{box}/files/{picture}/view
    Then the response status is 200
    And the response has no JSON content type

  @id:wire-error-message @op:storage.getFile
  Scenario: Error bodies carry the message the SDKs raise
    When the server sends GET /storage/buckets/{box}/files/missing
    Then the request fails with 404 "storage_file_not_found"
    And the response field "message" is "<non-empty string>"

  @id:wire-response-format-current @op:health.getVersion
  Scenario: The SDKs' response format, 1.9.5, is answered without a warning
    Given the next request carries header "X-Appwrite-Response-Format: 1.9.5"
    When a guest sends GET /health/version
    Then the response status is 200
    And the response has no header "X-Appwrite-Warning"

  @id:wire-response-format-newer-warned @op:health.getVersion
  Scenario: A response format newer than the server's gets an X-Appwrite-Warning
    Given the next request carries header "X-Appwrite-Response-Format: 99.0.0"
    When a guest sends GET /health/version
    Then the response status is 200
    And the response header "X-Appwrite-Warning" contains "The current SDK is built for Appwrite 99.0.0."
    And the response header "X-Appwrite-Warning" contains "Please downgrade your SDK to match the Appwrite version"
