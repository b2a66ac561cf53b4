@storage
Feature: Downloading and viewing files
  GET …/download answers the original bytes with `Content-Disposition: attachment;
  filename="<name>"` and the file's MIME type. GET …/view answers the same bytes `inline`, with
  `X-Content-Type-Options: nosniff`, and with the file's MIME type only when it is one Appwrite
  lists as safe to show (images, video, audio, office documents, PDF); anything else, HTML
  included, is served as text/plain. Both honour `Range: bytes=<start>-[<end>]` with 206 and
  `Content-Range`; ranges they cannot serve (suffix ranges, an end past the file, an end not
  after the start, another unit) answer 416 `storage_invalid_range`. Whatever a bucket does at
  rest (gzip, zstd, encryption), the bytes served are the ones uploaded.

  Background:
    Given a bucket "files" with:
      """
      {"permissions": ["read(\"any\")"]}
      """

  @id:storage-download @op:storage.getFileDownload
  Scenario: A download is an attachment named after the file
    Given a file "report" in "files" holding 300 KiB of random bytes
    When a guest sends GET /storage/buckets/{files}/files/{report}/download
    Then the response status is 200
    And the response header "Content-Disposition" is 'attachment; filename="report.bin"'
    And the response header "Content-Type" contains "application/octet-stream"
    And the response body is the content of "report"

  @id:storage-download-content-type @op:storage.getFileDownload
  Scenario: A download carries the detected MIME type
    Given a file "picture" in "files" holding a 32x32 PNG image
    When a guest sends GET /storage/buckets/{files}/files/{picture}/download
    Then the response status is 200
    And the response header "Content-Type" contains "image/png"
    And the response body is the content of "picture"

  @id:storage-view @op:storage.getFileView
  Scenario: A view is inline, with the same bytes
    Given a file "picture" in "files" holding a 32x32 PNG image
    When a guest sends GET /storage/buckets/{files}/files/{picture}/view
    Then the response status is 200
    And the response header "Content-Disposition" is 'inline; filename="picture.png"'
    And the response header "Content-Type" contains "image/png"
    And the response header "X-Content-Type-Options" is "nosniff"
    And the response body is the content of "picture"

  # Appwrite 1.9.6 Files/Download/Get.php and Files/View/Get.php: 45 days, private; a view
  # also forbids scripts with a Content-Security-Policy.
  @id:storage-download-cache-control @op:storage.getFileDownload @op:storage.getFileView
  Scenario: Downloads and views may be cached privately for 45 days; a view runs no scripts
    Given a file "picture" in "files" holding a 32x32 PNG image
    When a guest sends GET /storage/buckets/{files}/files/{picture}/download
    Then the response status is 200
    And the response header "Cache-Control" is "private, max-age=3888000"
    When a guest sends GET /storage/buckets/{files}/files/{picture}/view
    Then the response status is 200
    And the response header "Cache-Control" is "private, max-age=3888000"
    And the response header "Content-Security-Policy" is "script-src none;"

  @id:storage-view-unsafe-type @op:storage.getFileView @op:storage.getFileDownload
  Scenario: HTML is viewed as plain text, though it downloads as HTML
    When the server uploads the text "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>" as "page.html" to "files"
    Then the response status is 201
    And the response field "mimeType" is "text/html"
    When a guest sends GET /storage/buckets/{files}/files/{page.html}/view
    Then the response status is 200
    And the response header "Content-Type" contains "text/plain"
    And the response body is the content of "page.html"
    When a guest sends GET /storage/buckets/{files}/files/{page.html}/download
    Then the response status is 200
    And the response header "Content-Type" contains "text/html"

  @id:storage-range-download @op:storage.getFileDownload
  Scenario: A byte range of a download
    Given a file "blob" in "files" holding 100 KiB of random bytes
    And the next request carries header "Range: bytes=0-99"
    When a guest sends GET /storage/buckets/{files}/files/{blob}/download
    Then the response status is 206
    And the response header "Content-Range" is "bytes 0-99/102400"
    And the response header "Content-Disposition" contains "attachment"
    And the response body is bytes 0 to 99 of "blob"
    Given the next request carries header "Range: bytes=1000-2047"
    When a guest sends GET /storage/buckets/{files}/files/{blob}/download
    Then the response status is 206
    And the response header "Content-Range" is "bytes 1000-2047/102400"
    And the response body is bytes 1000 to 2047 of "blob"

  @id:storage-range-open-ended @op:storage.getFileDownload @op:storage.getFileView
  Scenario: A range without an end runs to the end of a small file
    Given a file "blob" in "files" holding 100 KiB of random bytes
    And the next request carries header "Range: bytes=100000-"
    When a guest sends GET /storage/buckets/{files}/files/{blob}/download
    Then the response status is 206
    And the response header "Content-Range" is "bytes 100000-102399/102400"
    And the response body is bytes 100000 to 102399 of "blob"
    Given the next request carries header "Range: bytes=0-"
    When a guest sends GET /storage/buckets/{files}/files/{blob}/view
    Then the response status is 206
    And the response header "Content-Range" is "bytes 0-102399/102400"
    And the response body is the content of "blob"

  @id:storage-range-view @op:storage.getFileView
  Scenario: A byte range of a view
    Given a file "blob" in "files" holding 100 KiB of random bytes
    And the next request carries header "Range: bytes=512-1023"
    When a guest sends GET /storage/buckets/{files}/files/{blob}/view
    Then the response status is 206
    And the response header "Content-Range" is "bytes 512-1023/102400"
    And the response header "Content-Disposition" contains "inline"
    And the response body is bytes 512 to 1023 of "blob"

  @id:storage-range-invalid @op:storage.getFileDownload @op:storage.getFileView
  Scenario Outline: Unsatisfiable ranges answer 416 (<case>)
    Given a file "blob" in "files" holding 100 KiB of random bytes
    And the next request carries header "Range: <range>"
    When a guest sends GET /storage/buckets/{files}/files/{blob}/download
    Then the request fails with 416 "storage_invalid_range"
    Given the next request carries header "Range: <range>"
    When a guest sends GET /storage/buckets/{files}/files/{blob}/view
    Then the request fails with 416 "storage_invalid_range"

    Examples:
      | case                   | range              |
      | end at the file size   | bytes=0-102400     |
      | start beyond the file  | bytes=200000-200100|
      | end before start       | bytes=500-100      |
      | suffix range           | bytes=-500         |
      | no dash                | bytes=500          |
      | another unit           | items=0-10         |

  @id:storage-download-at-rest @op:storage.getFileDownload @op:storage.getFileView @op:storage.createFile
  Scenario Outline: Files stored with <storage> come back byte for byte
    Given a bucket "rest" with:
      """
      {"permissions": ["read(\"any\")"], "compression": "<compression>", "encryption": <encryption>}
      """
    When the server uploads <content> as "<name>" to "rest"
    Then the response status is 201
    And the response field "sizeOriginal" is {<name>.size}
    And the response field "signature" is "{<name>.md5}"
    When a guest sends GET /storage/buckets/{rest}/files/{<name>}/download
    Then the response status is 200
    And the response body is the content of "<name>"
    When a guest sends GET /storage/buckets/{rest}/files/{<name>}/view
    Then the response body is the content of "<name>"
    Given the next request carries header "Range: bytes=10-49"
    When a guest sends GET /storage/buckets/{rest}/files/{<name>}/download
    Then the response status is 206
    And the response body is bytes 10 to 49 of "<name>"

    Examples:
      | storage                  | compression | encryption | content                                              | name       |
      | gzip                     | gzip        | false      | 3 MiB of random bytes                                | g.bin      |
      | zstd                     | zstd        | false      | 3 MiB of random bytes                                | z.bin      |
      | encryption               | none        | true       | 3 MiB of random bytes                                | e.bin      |
      | gzip and encryption      | gzip        | true       | the text "compressible compressible compressible compressible compressible compressible compressible compressible" | ge.txt |
      | zstd and encryption      | zstd        | true       | a 64x64 PNG image                                    | ze.png     |
      | neither                  | none        | false      | 3 MiB of random bytes                                | plain.bin  |

  @id:storage-download-chunked-at-rest @op:storage.getFileDownload @op:storage.createFile @chunked
  Scenario: A chunked upload into a compressed, encrypted bucket downloads byte for byte
    Given a bucket "rest" with:
      """
      {"permissions": ["read(\"any\")"], "compression": "zstd", "encryption": true}
      """
    When the server uploads 11 MiB of random bytes as "big.bin" to "rest" in 5 MiB chunks
    Then the response field "chunksUploaded" is 3
    When a guest sends GET /storage/buckets/{rest}/files/{big.bin}/download
    Then the response body is the content of "big.bin"

  @id:storage-download-unknown @op:storage.getFileDownload @op:storage.getFileView
  Scenario Outline: Unknown files and buckets (<route>)
    When a guest sends GET /storage/buckets/{files}/files/{new-id:missing}/<route>
    Then the request fails with 404 "storage_file_not_found"
    When a guest sends GET /storage/buckets/{new-id:missing}/files/{new-id:missing}/<route>
    Then the request fails with 404 "storage_bucket_not_found"

    Examples:
      | route    |
      | download |
      | view     |

  # Files/Create.php compresses and encrypts only files up to APP_STORAGE_READ_BUFFER
  # (20,000,000 bytes); the File model reports `compression` (the algorithm used) and
  # `encryption` (whether a cipher was) as stored. 20 MiB is above that buffer.
  @id:storage-at-rest-skipped-above-buffer @op:storage.createFile @op:storage.getFileDownload @chunked
  Scenario: Files above 20 MB are stored neither compressed nor encrypted, smaller ones are
    Given a bucket "rest" with:
      """
      {"permissions": ["read(\"any\")"], "compression": "gzip", "encryption": true}
      """
    When the server uploads 3 MiB of random bytes as "small.bin" to "rest"
    Then the response status is 201
    And the response field "compression" is "gzip"
    And the response field "encryption" is true
    When the server uploads 20 MiB of random bytes as "large.bin" to "rest" in 5 MiB chunks
    Then the response field "chunksUploaded" is 4
    And the response field "compression" is "none"
    And the response field "encryption" is false
    When a guest sends GET /storage/buckets/{rest}/files/{large.bin}/download
    Then the response body is the content of "large.bin"
