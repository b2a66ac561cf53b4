@storage
Feature: Storage buckets
  Buckets hold files and decide who may use them: permissions, whether files carry their own
  permissions (`fileSecurity`), whether the bucket is enabled, the largest file, the allowed
  extensions, compression (none, gzip, zstd), encryption at rest, antivirus scanning and image
  transformations. Buckets are managed with an API key only: the bucket routes need the
  `buckets.read` and `buckets.write` scopes, which no guest or user holds.

  Appwrite's defaults (1.9.x `Buckets/Create.php`): no permissions, fileSecurity false, enabled
  true, maximumFileSize = the server's storage limit (`_APP_STORAGE_LIMIT`), no extension
  restriction, compression none, encryption true, antivirus true, transformations true.

  @id:storage-bucket-create-defaults @op:storage.createBucket
  Scenario: A bucket created with only an ID and a name gets the documented defaults
    When the server sends POST /storage/buckets with:
      """
      {"bucketId": "{new-id:bucket}", "name": "Holiday photos"}
      """
    Then the response status is 201
    And the response body matches:
      """
      {
        "$id": "<non-empty string>",
        "$createdAt": "<datetime>",
        "$updatedAt": "<datetime>",
        "$permissions": [],
        "name": "Holiday photos",
        "fileSecurity": false,
        "enabled": true,
        "maximumFileSize": "<integer>",
        "allowedFileExtensions": [],
        "compression": "none",
        "encryption": true,
        "antivirus": true,
        "transformations": true,
        "totalSize": "<integer>"
      }
      """

  @id:storage-bucket-create-all-settings @op:storage.createBucket
  Scenario: Every setting given at creation is stored and returned
    When the server sends POST /storage/buckets with:
      """
      {
        "bucketId": "{new-id:bucket}",
        "name": "Invoices",
        "permissions": ["read(\"users\")", "create(\"users\")"],
        "fileSecurity": true,
        "enabled": false,
        "maximumFileSize": 1048576,
        "allowedFileExtensions": ["pdf", "txt"],
        "compression": "zstd",
        "encryption": false,
        "antivirus": false,
        "transformations": false
      }
      """
    Then the response status is 201
    And the response body matches:
      """
      {
        "name": "Invoices",
        "fileSecurity": true,
        "enabled": false,
        "maximumFileSize": 1048576,
        "allowedFileExtensions": ["pdf", "txt"],
        "compression": "zstd",
        "encryption": false,
        "antivirus": false,
        "transformations": false
      }
      """
    And the response field "$permissions" contains "read(\"users\")"
    And the response field "$permissions" contains "create(\"users\")"

  @id:storage-bucket-create-compression @op:storage.createBucket
  Scenario Outline: Compression can be <compression>
    When the server sends POST /storage/buckets with:
      """
      {"bucketId": "{new-id:bucket}", "name": "Compressed", "compression": "<compression>"}
      """
    Then the response status is 201
    And the response field "compression" is "<compression>"

    Examples:
      | compression |
      | none        |
      | gzip        |
      | zstd        |

  @id:storage-bucket-create-unique-id @op:storage.createBucket
  Scenario: unique() lets the server choose the bucket ID
    When the server sends POST /storage/buckets with:
      """
      {"bucketId": "unique()", "name": "Server-named"}
      """
    Then the response status is 201
    And the response field "$id" is "<non-empty string>"
    And the response field "$id" is remembered as "chosen"
    When the server sends GET /storage/buckets/{chosen}
    Then the response status is 200
    And the response field "name" is "Server-named"

  @id:storage-bucket-write-expands @op:storage.createBucket @permissions
  Scenario: On a bucket, write() stands for create(), update() and delete()
    When the server sends POST /storage/buckets with:
      """
      {"bucketId": "{new-id:bucket}", "name": "Writable", "permissions": ["write(\"users\")"]}
      """
    Then the response status is 201
    And the response field "$permissions" contains "create(\"users\")"
    And the response field "$permissions" contains "update(\"users\")"
    And the response field "$permissions" contains "delete(\"users\")"
    And the response field "$permissions" does not contain "write(\"users\")"

  @id:storage-bucket-create-duplicate @op:storage.createBucket
  Scenario: A bucket ID can be used once
    Given a bucket "photos"
    When the server sends POST /storage/buckets with:
      """
      {"bucketId": "{photos}", "name": "Again"}
      """
    Then the request fails with 409 "storage_bucket_already_exists"

  @id:storage-bucket-create-invalid @op:storage.createBucket
  Scenario Outline: Bucket settings are validated (<case>)
    When the server sends POST /storage/buckets with:
      """
      <body>
      """
    Then the request fails with 400 "general_argument_invalid"

    Examples:
      | case                           | body                                                                                          |
      | missing name                   | {"bucketId": "{new-id:bad}"}                                                                  |
      | missing bucketId               | {"name": "No ID"}                                                                             |
      | ID starting with a special char| {"bucketId": "_{new-id:bad}", "name": "Bad ID"}                                               |
      | ID longer than 36 characters   | {"bucketId": "a123456789012345678901234567890123456", "name": "Long ID"}                      |
      | unknown compression            | {"bucketId": "{new-id:bad}", "name": "Brotli", "compression": "brotli"}                      |
      | maximumFileSize of zero        | {"bucketId": "{new-id:bad}", "name": "Zero", "maximumFileSize": 0}                           |
      | maximumFileSize above the limit| {"bucketId": "{new-id:bad}", "name": "Huge", "maximumFileSize": 6000000001}                  |
      | extension of 65 characters     | {"bucketId": "{new-id:bad}", "name": "Ext", "allowedFileExtensions": ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]} |
      | malformed permission           | {"bucketId": "{new-id:bad}", "name": "Perm", "permissions": ["read(any)"]}                   |
      | unknown permission type        | {"bucketId": "{new-id:bad}", "name": "Perm", "permissions": ["admin(\\"any\\")"]}              |
      | fileSecurity not a boolean     | {"bucketId": "{new-id:bad}", "name": "Bool", "fileSecurity": "sometimes"}                    |
      | name longer than 128 characters| {"bucketId": "{new-id:bad}", "name": "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"} |

  @id:storage-bucket-get @op:storage.getBucket
  Scenario: A bucket is read by its ID
    Given a bucket "photos" with:
      """
      {"maximumFileSize": 2000000, "allowedFileExtensions": ["jpg"]}
      """
    When the server sends GET /storage/buckets/{photos}
    Then the response status is 200
    And the response body matches:
      """
      {"$id": "{photos}", "name": "photos", "maximumFileSize": 2000000, "allowedFileExtensions": ["jpg"]}
      """

  @id:storage-bucket-get-unknown @op:storage.getBucket
  Scenario: An unknown bucket is not found
    When the server sends GET /storage/buckets/{new-id:missing}
    Then the request fails with 404 "storage_bucket_not_found"

  @id:storage-bucket-list-filters @op:storage.listBuckets @op:storage.createBucket
  Scenario: Buckets are listed with filters, limit and offset
    Given a bucket "first"
    And a bucket "second" with:
      """
      {"enabled": false}
      """
    When the server sends GET /storage/buckets with queries:
      """
      {"method":"equal","attribute":"$id","values":["{first}","{second}"]}
      """
    Then the response status is 200
    And the response field "total" is 2
    And the response field "buckets.0.$id" is "{first}"
    And the response field "buckets.1.$id" is "{second}"
    When the server sends GET /storage/buckets with queries:
      """
      {"method":"equal","attribute":"$id","values":["{first}","{second}"]}
      {"method":"equal","attribute":"enabled","values":[false]}
      """
    Then the response status is 200
    And the response field "total" is 1
    And the response field "buckets.0.$id" is "{second}"
    When the server sends GET /storage/buckets with queries:
      """
      {"method":"equal","attribute":"$id","values":["{first}","{second}"]}
      {"method":"limit","values":[1]}
      """
    Then the response status is 200
    And the response field "total" is 2
    And the response field "buckets" is ["<object>"]
    And the response field "buckets.0.$id" is "{first}"
    When the server sends GET /storage/buckets with queries:
      """
      {"method":"equal","attribute":"$id","values":["{first}","{second}"]}
      {"method":"limit","values":[1]}
      {"method":"offset","values":[1]}
      """
    Then the response status is 200
    And the response field "buckets" is ["<object>"]
    And the response field "buckets.0.$id" is "{second}"

  @id:storage-bucket-list-name-filter @op:storage.listBuckets @op:storage.createBucket
  Scenario: Buckets are filtered by name
    When the server sends POST /storage/buckets with:
      """
      {"bucketId": "{new-id:named}", "name": "{new-id:name}"}
      """
    Then the response status is 201
    And the response field "$id" is remembered as "named"
    And the response field "name" is remembered as "bucketName"
    When the server sends GET /storage/buckets with queries:
      """
      {"method":"equal","attribute":"name","values":["{bucketName}"]}
      """
    Then the response status is 200
    And the response field "total" is 1
    And the response field "buckets.0.$id" is "{named}"

  @id:storage-bucket-list-search @op:storage.listBuckets
  Scenario: search finds buckets by words of their name
    Given a bucket "zebra" with:
      """
      {"name": "Zebrafish archive"}
      """
    When the server sends GET /storage/buckets?search=Zebrafish with queries:
      """
      {"method":"equal","attribute":"$id","values":["{zebra}"]}
      """
    Then the response status is 200
    And the response field "total" is 1
    When the server sends GET /storage/buckets?search=Okapi with queries:
      """
      {"method":"equal","attribute":"$id","values":["{zebra}"]}
      """
    Then the response status is 200
    And the response field "total" is 0
    And the response field "buckets" is []

  @id:storage-bucket-list-no-total @op:storage.listBuckets
  Scenario: total=false skips counting and reports 0
    Given a bucket "counted"
    When the server sends GET /storage/buckets?total=false with queries:
      """
      {"method":"equal","attribute":"$id","values":["{counted}"]}
      """
    Then the response status is 200
    And the response field "total" is 0
    And the response field "buckets.0.$id" is "{counted}"

  @id:storage-bucket-list-invalid-query @op:storage.listBuckets
  Scenario Outline: Bucket lists refuse queries they do not support (<case>)
    When the server sends GET /storage/buckets with queries:
      """
      <query>
      """
    Then the request fails with 400 "general_argument_invalid"

    Examples:
      | case                          | query                                                          |
      | filter on a non-filterable key| {"method":"equal","attribute":"allowedFileExtensions","values":["jpg"]} |
      | unknown method                | {"method":"like","attribute":"name","values":["a"]}            |

  @id:storage-bucket-update @op:storage.updateBucket
  Scenario: A bucket's name and settings are updated
    Given a bucket "photos"
    When the server sends PUT /storage/buckets/{photos} with:
      """
      {
        "name": "Renamed",
        "permissions": ["read(\"any\")"],
        "fileSecurity": true,
        "enabled": false,
        "maximumFileSize": 5000000,
        "allowedFileExtensions": ["png"],
        "compression": "gzip",
        "encryption": false,
        "antivirus": false,
        "transformations": false
      }
      """
    Then the response status is 200
    And the response body matches:
      """
      {
        "$id": "{photos}",
        "$permissions": ["read(\"any\")"],
        "name": "Renamed",
        "fileSecurity": true,
        "enabled": false,
        "maximumFileSize": 5000000,
        "allowedFileExtensions": ["png"],
        "compression": "gzip",
        "encryption": false,
        "antivirus": false,
        "transformations": false
      }
      """
    When the server sends GET /storage/buckets/{photos}
    Then the response field "name" is "Renamed"
    And the response field "compression" is "gzip"

  @id:storage-bucket-update-keeps-permissions @op:storage.updateBucket
  Scenario: Permissions left out of an update are kept
    Given a bucket "photos" with:
      """
      {"permissions": ["read(\"users\")"]}
      """
    When the server sends PUT /storage/buckets/{photos} with:
      """
      {"name": "Same permissions"}
      """
    Then the response status is 200
    And the response field "$permissions" is ["read(\"users\")"]

  @id:storage-bucket-update-write-expands @op:storage.updateBucket @permissions
  Scenario: write() given in an update also expands to create(), update() and delete()
    Given a bucket "photos"
    When the server sends PUT /storage/buckets/{photos} with:
      """
      {"name": "photos", "permissions": ["write(\"any\")"]}
      """
    Then the response status is 200
    And the response field "$permissions" contains "create(\"any\")"
    And the response field "$permissions" contains "update(\"any\")"
    And the response field "$permissions" contains "delete(\"any\")"

  @id:storage-bucket-update-invalid @op:storage.updateBucket
  Scenario Outline: Bucket updates are validated (<case>)
    Given a bucket "photos"
    When the server sends PUT /storage/buckets/{photos} with:
      """
      <body>
      """
    Then the request fails with 400 "general_argument_invalid"

    Examples:
      | case                | body                                           |
      | missing name        | {"enabled": true}                              |
      | unknown compression | {"name": "x", "compression": "lz4"}            |
      | maximumFileSize zero| {"name": "x", "maximumFileSize": 0}            |

  @id:storage-bucket-update-unknown @op:storage.updateBucket
  Scenario: Updating an unknown bucket
    When the server sends PUT /storage/buckets/{new-id:missing} with:
      """
      {"name": "Nobody"}
      """
    Then the request fails with 404 "storage_bucket_not_found"

  @id:storage-bucket-delete @op:storage.deleteBucket
  Scenario: A deleted bucket is gone, with its files
    Given a bucket "photos"
    And a file "note" in "photos" holding the text "bye"
    When the server sends DELETE /storage/buckets/{photos}
    Then the response status is 204
    And the response body is empty
    When the server sends GET /storage/buckets/{photos}
    Then the request fails with 404 "storage_bucket_not_found"
    When the server sends GET /storage/buckets/{photos}/files/{note}
    Then the request fails with 404 "storage_bucket_not_found"

  @id:storage-bucket-delete-unknown @op:storage.deleteBucket
  Scenario: Deleting an unknown bucket
    When the server sends DELETE /storage/buckets/{new-id:missing}
    Then the request fails with 404 "storage_bucket_not_found"

  @id:storage-bucket-scopes-clients @op:storage.listBuckets @op:storage.createBucket @op:storage.getBucket @op:storage.updateBucket @op:storage.deleteBucket
  Scenario Outline: Guests and users hold no bucket scopes (<who>)
    Given a signed-in user "alice"
    And "alice" has a JWT
    And a bucket "photos" with:
      """
      {"permissions": ["read(\"any\")", "create(\"any\")", "update(\"any\")", "delete(\"any\")"]}
      """
    When <who> sends GET /storage/buckets
    Then the request fails with 401 "general_unauthorized_scope"
    When <who> sends GET /storage/buckets/{photos}
    Then the request fails with 401 "general_unauthorized_scope"
    When <who> sends POST /storage/buckets with:
      """
      {"bucketId": "{new-id:bucket}", "name": "Mine"}
      """
    Then the request fails with 401 "general_unauthorized_scope"
    When <who> sends PUT /storage/buckets/{photos} with:
      """
      {"name": "Taken"}
      """
    Then the request fails with 401 "general_unauthorized_scope"
    When <who> sends DELETE /storage/buckets/{photos}
    Then the request fails with 401 "general_unauthorized_scope"

    Examples:
      | who               |
      | a guest           |
      | "alice"           |
      | "alice" with a JWT|

  @id:storage-bucket-scopes-read-only-key @op:storage.listBuckets @op:storage.createBucket @op:storage.getBucket @needs:read-only-key
  Scenario: A key with buckets.read lists and reads buckets but cannot create them
    Given a bucket "photos"
    When a read-only key sends GET /storage/buckets
    Then the response status is 200
    When a read-only key sends GET /storage/buckets/{photos}
    Then the response status is 200
    When a read-only key sends POST /storage/buckets with:
      """
      {"bucketId": "{new-id:bucket}", "name": "Not allowed"}
      """
    Then the request fails with 401 "general_unauthorized_scope"
    When a read-only key sends DELETE /storage/buckets/{photos}
    Then the request fails with 401 "general_unauthorized_scope"
