@tokens @storage
Feature: Opening a file with a token
  `?token=<secret>` on GET …/view, …/download and …/preview lets anyone, guests included, read
  that one file: the token stands in for the read permission of the file's bucket and of the
  file itself. The project must still be named. Nothing else changes:
  - the same token on any other file answers 401 `user_unauthorized`, even where that file
    could be read without it;
  - a token never opens the file's metadata (GET …/files/{fileId}), and never a disabled bucket;
  - a secret whose signature does not match, a deleted token and an expired one are ignored:
    the request is answered as if it carried no token (for a guest on a private bucket, 401
    `user_unauthorized`);
  - a token outlives its file's deletion, but opens nothing any more (401 `user_unauthorized`).

  Background:
    Given a bucket "private"
    And a file "photo" in "private" holding a 64x48 PNG image
    And a token for "photo" in "private" remembered as "link"

  @id:tokens-access-without-token @op:storage.getFileView @op:storage.getFileDownload @op:storage.getFilePreview
  Scenario: Without a token a guest may not read a private file
    When a guest sends GET /storage/buckets/{private}/files/{photo}/view
    Then the request fails with 401 "user_unauthorized"
    When a guest sends GET /storage/buckets/{private}/files/{photo}/download
    Then the request fails with 401 "user_unauthorized"
    When a guest sends GET /storage/buckets/{private}/files/{photo}/preview
    Then the request fails with 401 "user_unauthorized"

  @id:tokens-access-guest @op:storage.getFileView @op:storage.getFileDownload @op:storage.getFilePreview @op:tokens.createFileToken
  Scenario: With the token a guest views, downloads and previews the file
    When a guest sends GET /storage/buckets/{private}/files/{photo}/view?token={link.secret}
    Then the response status is 200
    And the response header "Content-Disposition" is 'inline; filename="photo.png"'
    And the response body is the content of "photo"
    When a guest sends GET /storage/buckets/{private}/files/{photo}/download?token={link.secret}
    Then the response status is 200
    And the response header "Content-Disposition" is 'attachment; filename="photo.png"'
    And the response body is the content of "photo"
    When a guest sends GET /storage/buckets/{private}/files/{photo}/preview?token={link.secret}&width=32&output=webp
    Then the response status is 200
    And the response is a WebP image of 32x24 pixels

  @id:tokens-access-range @op:storage.getFileDownload
  Scenario: A token serves byte ranges too
    Given a file "blob" in "private" holding 10 KiB of random bytes
    And a token for "blob" in "private" remembered as "blob-link"
    And the next request carries header "Range: bytes=100-199"
    When a guest sends GET /storage/buckets/{private}/files/{blob}/download?token={blob-link.secret}
    Then the response status is 206
    And the response body is bytes 100 to 199 of "blob"

  @id:tokens-access-marks-use @op:tokens.get @op:storage.getFileView
  Scenario: Using a token marks when it was last used
    When the server sends GET /tokens/{link}
    Then the response field "accessedAt" is ""
    When a guest sends GET /storage/buckets/{private}/files/{photo}/view?token={link.secret}
    Then the response status is 200
    When the server sends GET /tokens/{link}
    Then the response field "accessedAt" is a datetime within 60 seconds of now

  @id:tokens-access-file-security @op:storage.getFileView @op:storage.getFileDownload @op:storage.getFilePreview
  Scenario: A token opens a file that its own permissions keep from everyone
    Given a bucket "guarded" with:
      """
      {"fileSecurity": true}
      """
    And a file "secret-plan" in "guarded" holding a 16x16 PNG image, with permissions read("label:devrel")
    And a token for "secret-plan" in "guarded" remembered as "plan-link"
    When a guest sends GET /storage/buckets/{guarded}/files/{secret-plan}/view
    Then the request fails with 404 "storage_file_not_found"
    When a guest sends GET /storage/buckets/{guarded}/files/{secret-plan}/view?token={plan-link.secret}
    Then the response status is 200
    When a guest sends GET /storage/buckets/{guarded}/files/{secret-plan}/download?token={plan-link.secret}
    Then the response status is 200
    When a guest sends GET /storage/buckets/{guarded}/files/{secret-plan}/preview?token={plan-link.secret}
    Then the response is a PNG image of 16x16 pixels

  @id:tokens-access-signed-in-user @op:storage.getFileView
  Scenario: A signed-in user without access is let in by the token as well
    Given a signed-in user "alice"
    When "alice" sends GET /storage/buckets/{private}/files/{photo}/view
    Then the request fails with 401 "user_unauthorized"
    When "alice" sends GET /storage/buckets/{private}/files/{photo}/view?token={link.secret}
    Then the response status is 200
    And the response body is the content of "photo"

  @id:tokens-access-other-file @op:storage.getFileView @op:storage.getFileDownload @op:storage.getFilePreview
  Scenario: The token of one file opens no other file of the bucket
    Given a file "other" in "private" holding a 16x16 PNG image
    When a guest sends GET /storage/buckets/{private}/files/{other}/view?token={link.secret}
    Then the request fails with 401 "user_unauthorized"
    When a guest sends GET /storage/buckets/{private}/files/{other}/download?token={link.secret}
    Then the request fails with 401 "user_unauthorized"
    When a guest sends GET /storage/buckets/{private}/files/{other}/preview?token={link.secret}
    Then the request fails with 401 "user_unauthorized"

  @id:tokens-access-other-file-public @op:storage.getFileView
  Scenario: On another file a token is refused even where no token is needed
    Given a bucket "public" with:
      """
      {"permissions": ["read(\"any\")"]}
      """
    And a file "poster" in "public" holding the text "for everyone"
    When a guest sends GET /storage/buckets/{public}/files/{poster}/view
    Then the response status is 200
    When a guest sends GET /storage/buckets/{public}/files/{poster}/view?token={link.secret}
    Then the request fails with 401 "user_unauthorized"
    When the server sends GET /storage/buckets/{public}/files/{poster}/view?token={link.secret}
    Then the request fails with 401 "user_unauthorized"

  @id:tokens-access-no-metadata @op:storage.getFile
  Scenario: A token does not open the file's metadata
    When a guest sends GET /storage/buckets/{private}/files/{photo}?token={link.secret}
    Then the request fails with 401 "user_unauthorized"

  @id:tokens-access-disabled-bucket @op:storage.getFileView @op:storage.updateBucket
  Scenario: A disabled bucket stays closed to a token
    When the server sends PUT /storage/buckets/{private} with:
      """
      {"name": "private", "enabled": false}
      """
    Then the response status is 200
    When a guest sends GET /storage/buckets/{private}/files/{photo}/view?token={link.secret}
    Then the request fails with 404 "storage_bucket_not_found"

  @id:tokens-access-transformations-disabled @op:storage.getFilePreview
  Scenario: A token does not lift a bucket's ban on previews
    Given a bucket "originals" with:
      """
      {"transformations": false}
      """
    And a file "raw" in "originals" holding a 16x16 PNG image
    And a token for "raw" in "originals" remembered as "raw-link"
    When a guest sends GET /storage/buckets/{originals}/files/{raw}/preview?token={raw-link.secret}
    Then the request fails with 403 "storage_bucket_transformations_disabled"
    When a guest sends GET /storage/buckets/{originals}/files/{raw}/view?token={raw-link.secret}
    Then the response status is 200

  @id:tokens-access-forged-signature @op:storage.getFileView
  Scenario: A secret with a changed signature is ignored
    Given "forged" is "link.secret" with its signature changed
    When a guest sends GET /storage/buckets/{private}/files/{photo}/view?token={forged}
    Then the request fails with 401 "user_unauthorized"

  @id:tokens-access-forged-claim @op:storage.getFileView
  Scenario: A secret rewritten to name another file is ignored
    Given a file "other" in "private" holding the text "not shared"
    And a token for "other" in "private" remembered as "other-link"
    And "forged" is "link.secret" with the claim "tokenId" set to "{other-link}"
    When a guest sends GET /storage/buckets/{private}/files/{other}/view?token={forged}
    Then the request fails with 401 "user_unauthorized"
    When a guest sends GET /storage/buckets/{private}/files/{photo}/view?token={forged}
    Then the request fails with 401 "user_unauthorized"

  @id:tokens-access-garbage @op:storage.getFileView
  Scenario: A token that is no JWT at all is ignored
    When a guest sends GET /storage/buckets/{private}/files/{photo}/view?token=not-a-token
    Then the request fails with 401 "user_unauthorized"

  @id:tokens-access-too-long @op:storage.getFileView
  Scenario: The token param takes at most 512 characters
    When a guest sends GET /storage/buckets/{private}/files/{photo}/view?token=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
    Then the request fails with 400 "general_argument_invalid"
    And the response field "message" contains "no longer than 512 chars"

  @id:tokens-access-deleted-token @op:tokens.delete @op:storage.getFileView
  Scenario: A deleted token opens nothing
    When a guest sends GET /storage/buckets/{private}/files/{photo}/view?token={link.secret}
    Then the response status is 200
    When the server sends DELETE /tokens/{link}
    Then the response status is 204
    When a guest sends GET /storage/buckets/{private}/files/{photo}/view?token={link.secret}
    Then the request fails with 401 "user_unauthorized"

  @id:tokens-access-deleted-file @op:storage.deleteFile @op:tokens.get @op:storage.getFileView
  Scenario: A token outlives its file but opens nothing
    When the server sends DELETE /storage/buckets/{private}/files/{photo}
    Then the response status is 204
    When the server sends GET /tokens/{link}
    Then the response status is 200
    When a guest sends GET /storage/buckets/{private}/files/{photo}/view?token={link.secret}
    Then the request fails with 401 "user_unauthorized"

  @id:tokens-access-lifecycle @op:tokens.createFileToken @op:tokens.update @op:storage.getFileView @op:storage.getFileDownload @op:storage.getFilePreview @slow
  Scenario: A token is made, used by a guest, expired by an update, and refused afterwards
    Given a file "brochure" in "private" holding a 40x20 PNG image
    When the server sends POST /tokens/buckets/{private}/files/{brochure} with:
      """
      {}
      """
    Then the response status is 201
    And the response field "$id" is remembered as "shared"
    And the response field "secret" is remembered as "shared-secret"
    When a guest sends GET /storage/buckets/{private}/files/{brochure}/view?token={shared-secret}
    Then the response status is 200
    When a guest sends GET /storage/buckets/{private}/files/{brochure}/download?token={shared-secret}
    Then the response body is the content of "brochure"
    When a guest sends GET /storage/buckets/{private}/files/{brochure}/preview?token={shared-secret}&width=20
    Then the response is a PNG image of 20x10 pixels
    Given the time 4 seconds from now is remembered as "cutoff"
    When the server sends PATCH /tokens/{shared} with:
      """
      {"expire": "{cutoff}"}
      """
    Then the response status is 200
    And the response field "secret" is remembered as "expiring-secret"
    When a guest sends GET /storage/buckets/{private}/files/{brochure}/view?token={expiring-secret}
    Then the response status is 200
    When the time "cutoff" has passed
    And a guest sends GET /storage/buckets/{private}/files/{brochure}/view?token={expiring-secret}
    Then the request fails with 401 "user_unauthorized"
    When a guest sends GET /storage/buckets/{private}/files/{brochure}/download?token={expiring-secret}
    Then the request fails with 401 "user_unauthorized"
    When a guest sends GET /storage/buckets/{private}/files/{brochure}/preview?token={shared-secret}
    Then the request fails with 401 "user_unauthorized"
