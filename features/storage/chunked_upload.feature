@storage @chunked
Feature: Chunked upload
  Files larger than 5 MiB are sent in 5 MiB chunks to the same createFile route. Each chunk is a
  multipart request with `Content-Range: bytes <start>-<end>/<total>`; the chunk's index is
  `start / 5 MiB`. Chunks after the first carry the file ID in `X-Appwrite-ID`. The official SDKs
  send the first chunk alone, then the rest 8 at a time. The server counts distinct chunks in
  `chunksUploaded` (of `chunksTotal`) and assembles the file once all have arrived, in any
  order. An interrupted upload is resumed by reading `chunksUploaded`.

  Test contents are generated in code from a seed: downloads are compared byte for byte (by
  SHA-256) with what was sent.

  Background:
    Given a bucket "uploads" with:
      """
      {"permissions": ["read(\"users\")", "create(\"users\")", "update(\"users\")", "delete(\"users\")"]}
      """
    And a signed-in user "alice"

  @id:storage-chunked-sequential @op:storage.createFile @op:storage.getFileDownload
  Scenario: A 12 MiB file sent in three chunks is assembled byte for byte
    When "alice" uploads 12 MiB of random bytes as "video.bin" to "uploads" in 5 MiB chunks
    Then the response status is 201
    And the response body matches:
      """
      {"$id": "{video.bin}", "name": "video.bin", "chunksTotal": 3, "chunksUploaded": 3, "sizeOriginal": 12582912, "signature": "{video.bin.md5}"}
      """
    When "alice" sends GET /storage/buckets/{uploads}/files/{video.bin}/download
    Then the response status is 200
    And the response body is the content of "video.bin"

  @id:storage-chunked-out-of-order @op:storage.createFile @op:storage.getFileDownload
  Scenario: Chunks may arrive in any order
    When "alice" uploads 12 MiB of random bytes as "shuffled.bin" to "uploads" in 5 MiB chunks, in the order 3, 1, 2
    Then the response status is 201
    And the response field "chunksUploaded" is 3
    And the response field "signature" is "{shuffled.bin.md5}"
    When "alice" sends GET /storage/buckets/{uploads}/files/{shuffled.bin}/download
    Then the response body is the content of "shuffled.bin"

  @id:storage-chunked-sdk-parallel @op:storage.createFile @op:storage.getFileDownload
  Scenario: As the SDKs do it, the first chunk alone and then eight at a time
    When "alice" uploads 28 MiB of random bytes as "parallel.bin" to "uploads" in 5 MiB chunks, the first alone and then 8 at a time
    Then the response field "chunksTotal" is 6
    And the response field "chunksUploaded" is 6
    When "alice" sends GET /storage/buckets/{uploads}/files/{parallel.bin}
    Then the response status is 200
    And the response body matches:
      """
      {"chunksTotal": 6, "chunksUploaded": 6, "sizeOriginal": 29360128, "signature": "{parallel.bin.md5}"}
      """
    When "alice" sends GET /storage/buckets/{uploads}/files/{parallel.bin}/download
    Then the response body is the content of "parallel.bin"

  # The SDKs' ID.unique() path: every chunk's fileId field is unique(); the server picks the ID
  # on the first chunk and the SDK names it in X-Appwrite-ID on the others, which the server
  # prefers to the field (Files/Create.php).
  @id:storage-chunked-sdk-unique-id @op:storage.createFile @op:storage.getFile @op:storage.getFileDownload
  Scenario: With fileId unique(), the ID the first chunk got is named in X-Appwrite-ID by the rest
    When "alice" uploads 12 MiB of random bytes as "picked.bin" to "uploads" in 5 MiB chunks with fileId unique()
    Then the response status is 201
    And the response body matches:
      """
      {"$id": "{picked.bin}", "chunksTotal": 3, "chunksUploaded": 3, "sizeOriginal": 12582912, "signature": "{picked.bin.md5}"}
      """
    When "alice" sends GET /storage/buckets/{uploads}/files/{picked.bin}/download
    Then the response body is the content of "picked.bin"

  @id:storage-chunked-last-chunk-short @op:storage.createFile @op:storage.getFileDownload
  Scenario: A last chunk of one byte completes the file
    When "alice" uploads 5242881 bytes of random bytes as "edge.bin" to "uploads" in 5 MiB chunks
    Then the response field "chunksTotal" is 2
    And the response field "chunksUploaded" is 2
    When "alice" sends GET /storage/buckets/{uploads}/files/{edge.bin}/download
    Then the response body is the content of "edge.bin"

  @id:storage-chunked-progress @op:storage.createFile @op:storage.getFile
  Scenario: An unfinished upload shows its progress
    Given the content "partial.bin" is 12 MiB of random bytes
    When "alice" sends chunk 1 of "partial.bin" to "uploads"
    Then the response status is 201
    And the response body matches:
      """
      {"$id": "{partial.bin}", "chunksTotal": 3, "chunksUploaded": 1, "sizeOriginal": 12582912}
      """
    When "alice" sends chunk 3 of "partial.bin" to "uploads"
    Then the response status is 201
    And the response field "chunksUploaded" is 2
    When "alice" sends GET /storage/buckets/{uploads}/files/{partial.bin}
    Then the response status is 200
    And the response field "chunksUploaded" is 2
    And the response field "chunksTotal" is 3

  @id:storage-chunked-duplicate-chunk @op:storage.createFile
  Scenario: A chunk sent twice counts once
    Given the content "twice.bin" is 12 MiB of random bytes
    When "alice" sends chunk 1 of "twice.bin" to "uploads"
    Then the response field "chunksUploaded" is 1
    When "alice" sends chunk 1 of "twice.bin" to "uploads"
    Then the response status is 201
    And the response field "chunksUploaded" is 1
    When "alice" sends chunk 2 of "twice.bin" to "uploads"
    And "alice" sends chunk 3 of "twice.bin" to "uploads"
    Then the response status is 201
    And the response field "chunksUploaded" is 3
    When "alice" sends GET /storage/buckets/{uploads}/files/{twice.bin}/download
    Then the response body is the content of "twice.bin"

  @id:storage-chunked-resume @op:storage.createFile @op:storage.getFile @op:storage.getFileDownload
  Scenario: An interrupted upload resumes after the chunks already uploaded
    Given the content "resumed.bin" is 17 MiB of random bytes
    When "alice" sends chunk 1 of "resumed.bin" to "uploads"
    And "alice" sends chunk 2 of "resumed.bin" to "uploads"
    Then the response field "chunksUploaded" is 2
    When "alice" resumes the upload of "resumed.bin" to "uploads"
    Then the response status is 201
    And the response field "chunksTotal" is 4
    And the response field "chunksUploaded" is 4
    When "alice" sends GET /storage/buckets/{uploads}/files/{resumed.bin}/download
    Then the response body is the content of "resumed.bin"

  @id:storage-chunked-resend-finished @op:storage.createFile
  Scenario: A chunk re-sent for a finished file is answered with the file, unchanged
    When "alice" uploads 12 MiB of random bytes as "done.bin" to "uploads" in 5 MiB chunks
    Then the response field "chunksUploaded" is 3
    When "alice" sends chunk 2 of "done.bin" to "uploads"
    Then the upload answers 200 with the finished file
    And the response field "$id" is "{done.bin}"
    And the response field "signature" is "{done.bin.md5}"

  @id:storage-chunked-unfinished-download @op:storage.createFile @op:storage.getFileDownload
  Scenario: An unfinished upload has nothing to download yet
    Given the content "pending.bin" is 12 MiB of random bytes
    When "alice" sends chunk 1 of "pending.bin" to "uploads"
    Then the response status is 201
    When "alice" sends GET /storage/buckets/{uploads}/files/{pending.bin}/download
    Then the request fails with 404 "storage_file_not_found"

  @id:storage-chunked-delete-unfinished @op:storage.createFile @op:storage.deleteFile
  Scenario: An unfinished upload can be deleted
    Given the content "abandoned.bin" is 12 MiB of random bytes
    When "alice" sends chunk 1 of "abandoned.bin" to "uploads"
    Then the response status is 201
    When "alice" sends DELETE /storage/buckets/{uploads}/files/{abandoned.bin}
    Then the response status is 204
    When "alice" sends GET /storage/buckets/{uploads}/files/{abandoned.bin}
    Then the request fails with 404 "storage_file_not_found"

  @id:storage-chunked-invalid-content-range @op:storage.createFile
  Scenario Outline: A malformed Content-Range is refused (<case>)
    Given the content "ranged.bin" is 12 MiB of random bytes
    When "alice" sends chunk 1 of "ranged.bin" to "uploads" with Content-Range "<range>"
    Then the request fails with 400 "storage_invalid_content_range"

    Examples:
      | case                    | range                      |
      | no total                | bytes 0-5242879            |
      | not numbers             | bytes zero-five/12582912   |
      | start after end         | bytes 5242879-0/12582912   |
      | end beyond the total    | bytes 0-12582913/12582912  |
      | no space after the unit | bytes0-5242879/12582912    |
      | total not a number      | bytes 0-5242879/*          |

  @id:storage-chunked-unique-id-header @op:storage.createFile
  Scenario: X-Appwrite-ID must name a file, not ask for a new ID
    Given the content "anon.bin" is 12 MiB of random bytes
    When "alice" sends chunk 2 of "anon.bin" to "uploads" with X-Appwrite-ID "unique()"
    Then the request fails with 400 "storage_invalid_appwrite_id"

  @id:storage-chunked-total-above-limit @op:storage.createFile
  Scenario: The total in the first chunk's Content-Range is checked against the bucket limit
    Given a bucket "small" with:
      """
      {"maximumFileSize": 6291456, "permissions": ["create(\"users\")"]}
      """
    And the content "toobig.bin" is 12 MiB of random bytes
    When "alice" sends chunk 1 of "toobig.bin" to "small"
    Then the request fails with 400 "storage_invalid_file_size"

  # Appwrite's HTTP server refuses request bodies above 12 MiB (Swoole package_max_length);
  # the 413 comes from that layer, so only the status is checked.
  @id:storage-chunked-body-too-large @op:storage.createFile
  Scenario: A request body far above the chunk size is refused
    Given the content "bulky.bin" is 20 MiB of random bytes
    When "alice" sends the first 13 MiB of "bulky.bin" to "uploads" as one chunk
    Then the request is refused as too large with 413

  @id:storage-chunked-100-mib @op:storage.createFile @op:storage.getFileDownload @slow @needs:large-files
  Scenario: A 100 MiB file in shuffled 5 MiB chunks, eight at a time, downloads with the same SHA-256
    Given a bucket "large" with:
      """
      {"maximumFileSize": 104857600, "permissions": ["read(\"users\")", "create(\"users\")"]}
      """
    When "alice" uploads 100 MiB of random bytes as "huge.bin" to "large" in 5 MiB chunks, shuffled, 8 at a time
    Then the response field "chunksTotal" is 20
    And the response field "chunksUploaded" is 20
    When "alice" sends GET /storage/buckets/{large}/files/{huge.bin}
    Then the response body matches:
      """
      {"sizeOriginal": 104857600, "chunksUploaded": 20, "signature": "{huge.bin.md5}"}
      """
    When "alice" sends GET /storage/buckets/{large}/files/{huge.bin}/download
    Then the response status is 200
    And the response body is the content of "huge.bin"

  # Files/Create.php checks only the bucket's create permission; the chunks after the first
  # update the file without asking for update (or read) permission on it.
  @id:storage-chunked-create-only @op:storage.createFile @permissions
  Scenario: Continuing chunks need only create permission on the bucket
    Given a bucket "inbox" with:
      """
      {"fileSecurity": true, "permissions": ["create(\"users\")"]}
      """
    When "alice" uploads 12 MiB of random bytes as "sealed.bin" to "inbox" in 5 MiB chunks with fileId unique(), with permissions delete("user:{alice.id}")
    Then the response status is 201
    And the response field "chunksUploaded" is 3
    And the response field "$permissions" is ["delete(\"user:{alice.id}\")"]
    When "alice" sends GET /storage/buckets/{inbox}/files/{sealed.bin}
    Then the request fails with 404 "storage_file_not_found"

  @id:storage-chunked-permissions-on-file @op:storage.createFile @op:storage.getFile @op:storage.getFileDownload @permissions
  Scenario: The permissions sent with the chunks are the finished file's
    Given a bucket "shared" with:
      """
      {"fileSecurity": true, "permissions": ["create(\"users\")"]}
      """
    When "alice" uploads 12 MiB of random bytes as "public.bin" to "shared" in 5 MiB chunks with fileId unique(), with permissions read("any")
    Then the response field "$permissions" is ["read(\"any\")"]
    When a guest sends GET /storage/buckets/{shared}/files/{public.bin}
    Then the response status is 200
    And the response field "$permissions" is ["read(\"any\")"]
    When a guest sends GET /storage/buckets/{shared}/files/{public.bin}/download
    Then the response body is the content of "public.bin"

  # Each chunk request computes its permissions (the caller's defaults when none are sent);
  # the file is created with the first chunk's and, on completion, given those of the chunk
  # that completes it (Files/Create.php updates $permissions when it finalises the upload).
  @id:storage-chunked-completing-chunk-permissions @op:storage.createFile @op:storage.getFile @permissions
  Scenario: The chunk that completes an upload sets the file's permissions
    Given a bucket "handover" with:
      """
      {"fileSecurity": true, "permissions": ["create(\"users\")"]}
      """
    And the content "handed.bin" is 5242881 bytes of random bytes
    When "alice" sends chunk 1 of "handed.bin" to "handover"
    Then the response status is 201
    And the response field "$permissions" contains "read(\"user:{alice.id}\")"
    When "alice" sends chunk 2 of "handed.bin" to "handover" with permissions read("any")
    Then the response status is 201
    And the response field "chunksUploaded" is 2
    And the response field "$permissions" is ["read(\"any\")"]
    When a guest sends GET /storage/buckets/{handover}/files/{handed.bin}
    Then the response status is 200
