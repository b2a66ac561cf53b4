@storage @permissions
Feature: Who may use files
  A bucket's permissions (read, create, update, delete for roles such as `any`, `users`,
  `user:<id>`, `guests`) decide who may use its files. With `fileSecurity` on, a file's own
  permissions grant access too: a caller needs the permission on the bucket or on the file.

  How Appwrite answers a caller without access (1.9.x `Storage/Http/Buckets/Files/*`):
  - bucket permission missing and fileSecurity off: 401 `user_unauthorized`;
  - fileSecurity on, neither bucket nor file grants read: the file is 404 `storage_file_not_found`;
  - fileSecurity on, update or delete refused: 401 `user_unauthorized`;
  - a disabled bucket is 404 `storage_bucket_not_found` for everyone but API keys.
  API keys bypass permissions. A file a user creates without permissions gets read, update and
  delete for that user. Clients may only grant roles they hold themselves.

  Background:
    Given a signed-in user "alice"
    And a signed-in user "bob"
    And "alice" has a JWT

  @id:storage-perm-bucket-read @op:storage.getFile @op:storage.listFiles @op:storage.getFileDownload @op:storage.getFileView @op:storage.getFilePreview
  Scenario Outline: Bucket read("users") without fileSecurity: <who>
    Given a bucket "shared" with:
      """
      {"permissions": ["read(\"users\")"]}
      """
    And a file "pic" in "shared" holding a 20x10 PNG image, with permissions read("any")
    When <who> sends GET /storage/buckets/{shared}/files/{pic}
    Then the answer is <outcome>
    When <who> sends GET /storage/buckets/{shared}/files
    Then the answer is <outcome>
    When <who> sends GET /storage/buckets/{shared}/files/{pic}/download
    Then the answer is <outcome>
    When <who> sends GET /storage/buckets/{shared}/files/{pic}/view
    Then the answer is <outcome>
    When <who> sends GET /storage/buckets/{shared}/files/{pic}/preview
    Then the answer is <outcome>

    Examples:
      | who                | outcome                  |
      | a guest            | 401 "user_unauthorized"  |
      | "alice"            | 200                      |
      | "alice" with a JWT | 200                      |
      | the server         | 200                      |

  @id:storage-perm-bucket-create @op:storage.createFile
  Scenario Outline: Bucket create("user:<creator>") decides who uploads: <who>
    Given a bucket "inbox" with:
      """
      {"permissions": ["create(\"user:{alice.id}\")"]}
      """
    When <who> uploads the text "hi" as "hi.txt" to "inbox"
    Then the answer is <outcome>

    Examples:
      | creator | who                | outcome                 |
      | alice   | "alice"            | 201                     |
      | alice   | "alice" with a JWT | 201                     |
      | alice   | "bob"              | 401 "user_unauthorized" |
      | alice   | a guest            | 401 "user_unauthorized" |
      | alice   | the server         | 201                     |

  @id:storage-perm-bucket-any @op:storage.createFile @op:storage.getFile @op:storage.updateFile @op:storage.deleteFile
  Scenario: With every permission for any, a guest uploads, reads, renames and deletes
    Given a bucket "public" with:
      """
      {"permissions": ["read(\"any\")", "create(\"any\")", "update(\"any\")", "delete(\"any\")"]}
      """
    When a guest uploads the text "open" as "open.txt" to "public"
    Then the response status is 201
    And the response field "$permissions" is []
    When a guest sends GET /storage/buckets/{public}/files/{open.txt}
    Then the response status is 200
    When a guest sends PUT /storage/buckets/{public}/files/{open.txt} with:
      """
      {"name": "renamed.txt"}
      """
    Then the response status is 200
    When a guest sends DELETE /storage/buckets/{public}/files/{open.txt}
    Then the response status is 204

  @id:storage-perm-bucket-update-delete @op:storage.updateFile @op:storage.deleteFile
  Scenario Outline: Bucket update and delete for one user, fileSecurity off: <who>
    Given a bucket "team" with:
      """
      {"permissions": ["read(\"users\")", "update(\"user:{alice.id}\")", "delete(\"user:{alice.id}\")"]}
      """
    And a file "doc" in "team" holding the text "v1", with permissions update("any"), delete("any")
    When <who> sends PUT /storage/buckets/{team}/files/{doc} with:
      """
      {"name": "v2.txt"}
      """
    Then the answer is <update>
    When <who> sends DELETE /storage/buckets/{team}/files/{doc}
    Then the answer is <delete>

    Examples:
      | who     | update                  | delete                  |
      | "bob"   | 401 "user_unauthorized" | 401 "user_unauthorized" |
      | a guest | 401 "user_unauthorized" | 401 "user_unauthorized" |
      | "alice" | 200                     | 204                     |

  @id:storage-perm-file-security-read @op:storage.getFile @op:storage.getFileDownload @op:storage.getFilePreview
  Scenario Outline: fileSecurity on, the file grants read to alice only: <who>
    Given a bucket "private" with:
      """
      {"fileSecurity": true, "permissions": []}
      """
    And a file "secret" in "private" holding a 20x10 PNG image, with permissions read("user:{alice.id}")
    When <who> sends GET /storage/buckets/{private}/files/{secret}
    Then the answer is <outcome>
    When <who> sends GET /storage/buckets/{private}/files/{secret}/download
    Then the answer is <outcome>
    When <who> sends GET /storage/buckets/{private}/files/{secret}/preview
    Then the answer is <outcome>

    Examples:
      | who                | outcome                      |
      | "alice"            | 200                          |
      | "alice" with a JWT | 200                          |
      | "bob"              | 404 "storage_file_not_found" |
      | a guest            | 404 "storage_file_not_found" |
      | the server         | 200                          |

  @id:storage-perm-file-security-off-ignores-file @op:storage.getFile
  Scenario: Without fileSecurity a file's own permissions grant nothing
    Given a bucket "strict" with:
      """
      {"fileSecurity": false, "permissions": []}
      """
    And a file "secret" in "strict" holding the text "s", with permissions read("user:{alice.id}")
    When "alice" sends GET /storage/buckets/{strict}/files/{secret}
    Then the request fails with 401 "user_unauthorized"

  @id:storage-perm-file-security-list @op:storage.listFiles
  Scenario: fileSecurity on, a list shows each caller only the files they may read
    Given a bucket "mixed" with:
      """
      {"fileSecurity": true, "permissions": []}
      """
    And a file "mine" in "mixed" holding the text "a", with permissions read("user:{alice.id}")
    And a file "theirs" in "mixed" holding the text "b", with permissions read("user:{bob.id}")
    And a file "everyones" in "mixed" holding the text "c", with permissions read("users")
    When "alice" sends GET /storage/buckets/{mixed}/files
    Then the response status is 200
    And the response field "total" is 2
    And the response field "files.0.$id" is "{mine}"
    And the response field "files.1.$id" is "{everyones}"
    When a guest sends GET /storage/buckets/{mixed}/files
    Then the response status is 200
    And the response field "total" is 0
    And the response field "files" is []
    When the server sends GET /storage/buckets/{mixed}/files
    Then the response field "total" is 3

  @id:storage-perm-file-security-write @op:storage.updateFile @op:storage.deleteFile @op:storage.createFile
  Scenario: fileSecurity on, only the roles a file names may change or delete it
    Given a bucket "notes" with:
      """
      {"fileSecurity": true, "permissions": ["create(\"users\")"]}
      """
    And "alice" has uploaded a file "note" to "notes" holding the text "mine"
    When "bob" sends PUT /storage/buckets/{notes}/files/{note} with:
      """
      {"name": "stolen.txt"}
      """
    Then the request fails with 401 "user_unauthorized"
    When "bob" sends DELETE /storage/buckets/{notes}/files/{note}
    Then the request fails with 401 "user_unauthorized"
    When "alice" sends PUT /storage/buckets/{notes}/files/{note} with:
      """
      {"name": "kept.txt"}
      """
    Then the response status is 200
    And the response field "name" is "kept.txt"
    When "alice" sends DELETE /storage/buckets/{notes}/files/{note}
    Then the response status is 204

  @id:storage-perm-default-file-permissions @op:storage.createFile
  Scenario: A file a user uploads without permissions belongs to that user
    Given a bucket "drop" with:
      """
      {"fileSecurity": true, "permissions": ["create(\"users\")"]}
      """
    When "alice" uploads the text "mine" as "mine.txt" to "drop"
    Then the response status is 201
    And the response field "$permissions" contains "read(\"user:{alice.id}\")"
    And the response field "$permissions" contains "update(\"user:{alice.id}\")"
    And the response field "$permissions" contains "delete(\"user:{alice.id}\")"
    And the response field "$permissions" does not contain "create(\"user:{alice.id}\")"
    When "alice" sends GET /storage/buckets/{drop}/files/{mine.txt}
    Then the response status is 200
    When "bob" sends GET /storage/buckets/{drop}/files/{mine.txt}
    Then the request fails with 404 "storage_file_not_found"

  @id:storage-perm-write-expands-for-users @op:storage.createFile
  Scenario: A user's write() on a file becomes update() and delete()
    Given a bucket "drop" with:
      """
      {"fileSecurity": true, "permissions": ["create(\"users\")"]}
      """
    When "alice" uploads the text "w" as "w.txt" to "drop" with:
      | field         | value                    |
      | permissions[] | write("user:{alice.id}") |
    Then the response status is 201
    And the response field "$permissions" contains "update(\"user:{alice.id}\")"
    And the response field "$permissions" contains "delete(\"user:{alice.id}\")"
    And the response field "$permissions" does not contain "create(\"user:{alice.id}\")"

  @id:storage-perm-grant-held-roles-only @op:storage.createFile
  Scenario Outline: A user may grant <role> (<outcome>)
    Given a bucket "drop" with:
      """
      {"permissions": ["create(\"users\")"]}
      """
    When "alice" uploads the text "g" as "g.txt" to "drop" with:
      | field         | value        |
      | permissions[] | read("<role>") |
    Then the answer is <outcome>

    Examples:
      | role              | outcome                 |
      | any               | 201                     |
      | users             | 201                     |
      | user:{alice.id}   | 201                     |
      | user:{bob.id}     | 401 "user_unauthorized" |
      | guests            | 401 "user_unauthorized" |
      | team:{new-id:t}   | 401 "user_unauthorized" |

  @id:storage-perm-update-grant-held-roles-only @op:storage.updateFile
  Scenario: A user cannot hand a file to someone else through an update
    Given a bucket "drop" with:
      """
      {"fileSecurity": true, "permissions": ["create(\"users\")"]}
      """
    And "alice" has uploaded a file "mine" to "drop" holding the text "m"
    When "alice" sends PUT /storage/buckets/{drop}/files/{mine} with:
      """
      {"permissions": ["read(\"user:{bob.id}\")"]}
      """
    Then the request fails with 401 "user_unauthorized"
    When the server sends PUT /storage/buckets/{drop}/files/{mine} with:
      """
      {"permissions": ["read(\"user:{bob.id}\")"]}
      """
    Then the response status is 200
    When "bob" sends GET /storage/buckets/{drop}/files/{mine}
    Then the response status is 200

  @id:storage-perm-disabled-bucket @op:storage.getFile @op:storage.listFiles @op:storage.createFile @op:storage.getFileDownload @op:storage.updateFile @op:storage.deleteFile
  Scenario: A disabled bucket hides its files from clients but not from the server
    Given a bucket "paused" with:
      """
      {"enabled": false, "permissions": ["read(\"any\")", "create(\"any\")", "update(\"any\")", "delete(\"any\")"]}
      """
    And a file "kept" in "paused" holding the text "still here"
    When "alice" sends GET /storage/buckets/{paused}/files/{kept}
    Then the request fails with 404 "storage_bucket_not_found"
    When "alice" sends GET /storage/buckets/{paused}/files
    Then the request fails with 404 "storage_bucket_not_found"
    When "alice" sends GET /storage/buckets/{paused}/files/{kept}/download
    Then the request fails with 404 "storage_bucket_not_found"
    When "alice" uploads the text "new" as "new.txt" to "paused"
    Then the request fails with 404 "storage_bucket_not_found"
    When "alice" sends PUT /storage/buckets/{paused}/files/{kept} with:
      """
      {"name": "x.txt"}
      """
    Then the request fails with 404 "storage_bucket_not_found"
    When "alice" sends DELETE /storage/buckets/{paused}/files/{kept}
    Then the request fails with 404 "storage_bucket_not_found"
    When the server sends GET /storage/buckets/{paused}/files/{kept}/download
    Then the response status is 200
    And the response body is the content of "kept"

  @id:storage-perm-guest-role @op:storage.getFile
  Scenario: read("guests") admits callers without a session only
    Given a bucket "lobby" with:
      """
      {"permissions": ["read(\"guests\")"]}
      """
    And a file "flyer" in "lobby" holding the text "welcome"
    When a guest sends GET /storage/buckets/{lobby}/files/{flyer}
    Then the response status is 200
    When "alice" sends GET /storage/buckets/{lobby}/files/{flyer}
    Then the request fails with 401 "user_unauthorized"
