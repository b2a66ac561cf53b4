@users @permissions
Feature: Roles that a user's state gives: labels, verification and blocking
  Besides `any`, `users` and `user:<id>`, a user holds `label:<name>` for each of its labels,
  `users/verified` and `user:<id>/verified` once its email or phone is verified (otherwise
  `users/unverified` and `user:<id>/unverified`). The server changes these with
  `updateLabels`, `updateEmailVerification` and `updatePhoneVerification`, and every
  permission check follows at once. A blocked user (`updateStatus` false) is refused
  everywhere with 403 `user_blocked` until unblocked.

  Background:
    Given a signed-in user "alice"
    And a signed-in user "bob"

  @id:users-roles-bucket @op:users.updateLabels @op:users.updateEmailVerification @op:users.updatePhoneVerification @op:storage.getFile
  Scenario Outline: A bucket readable by <role> follows alice's <change>
    Given a bucket "b" with:
      """
      {"permissions": ["read(\"<role>\")"]}
      """
    And a file "f" in "b" holding the text "for some"
    When "alice" sends GET /storage/buckets/{b}/files/{f}
    Then the answer is <before>
    When the server sends <method> /users/{alice.id}/<route> with:
      """
      <body>
      """
    Then the response status is 200
    When "alice" sends GET /storage/buckets/{b}/files/{f}
    Then the answer is <after>
    When "bob" sends GET /storage/buckets/{b}/files/{f}
    Then the answer is <bob>

    Examples:
      | role                       | change             | method | route              | body                        | before                  | after                   | bob                     |
      | label:vip                  | labels             | PUT    | labels             | {"labels": ["vip"]}         | 401 "user_unauthorized" | 200                     | 401 "user_unauthorized" |
      | users/verified             | email verification | PATCH  | verification       | {"emailVerification": true} | 401 "user_unauthorized" | 200                     | 401 "user_unauthorized" |
      | users/verified             | phone verification | PATCH  | verification/phone | {"phoneVerification": true} | 401 "user_unauthorized" | 200                     | 401 "user_unauthorized" |
      | user:{alice.id}/verified   | email verification | PATCH  | verification       | {"emailVerification": true} | 401 "user_unauthorized" | 200                     | 401 "user_unauthorized" |
      | users/unverified           | email verification | PATCH  | verification       | {"emailVerification": true} | 200                     | 401 "user_unauthorized" | 200                     |
      | user:{alice.id}/unverified | email verification | PATCH  | verification       | {"emailVerification": true} | 200                     | 401 "user_unauthorized" | 401 "user_unauthorized" |

  @id:users-roles-file @op:users.updateLabels @op:users.updateEmailVerification @op:storage.getFile
  Scenario Outline: With fileSecurity, a file readable by <role> follows alice's <change>
    Given a bucket "b" with:
      """
      {"permissions": [], "fileSecurity": true}
      """
    And a file "f" in "b" holding the text "for some", with permissions read("<role>")
    When "alice" sends GET /storage/buckets/{b}/files/{f}
    Then the answer is <before>
    When the server sends <method> /users/{alice.id}/<route> with:
      """
      <body>
      """
    Then the response status is 200
    When "alice" sends GET /storage/buckets/{b}/files/{f}
    Then the answer is <after>
    When "bob" sends GET /storage/buckets/{b}/files/{f}
    Then the answer is <bob>

    Examples:
      | role                       | change             | method | route        | body                        | before                          | after                           | bob                             |
      | label:vip                  | labels             | PUT    | labels       | {"labels": ["vip"]}         | 404 "storage_file_not_found"    | 200                             | 404 "storage_file_not_found"    |
      | users/verified             | email verification | PATCH  | verification | {"emailVerification": true} | 404 "storage_file_not_found"    | 200                             | 404 "storage_file_not_found"    |
      | user:{alice.id}/verified   | email verification | PATCH  | verification | {"emailVerification": true} | 404 "storage_file_not_found"    | 200                             | 404 "storage_file_not_found"    |
      | users/unverified           | email verification | PATCH  | verification | {"emailVerification": true} | 200                             | 404 "storage_file_not_found"    | 200                             |
      | user:{alice.id}/unverified | email verification | PATCH  | verification | {"emailVerification": true} | 200                             | 404 "storage_file_not_found"    | 404 "storage_file_not_found"    |

  @id:users-roles-collection @op:users.updateLabels @op:users.updateEmailVerification @op:databases.listDocuments
  Scenario Outline: A collection readable by <role> follows alice's <change>
    Given a collection "notes" with:
      """
      {"permissions": ["read(\"<role>\")"]}
      """
    When "alice" sends GET /databases/{db}/collections/{notes}/documents
    Then the answer is <before>
    When the server sends <method> /users/{alice.id}/<route> with:
      """
      <body>
      """
    Then the response status is 200
    When "alice" sends GET /databases/{db}/collections/{notes}/documents
    Then the answer is <after>
    When "bob" sends GET /databases/{db}/collections/{notes}/documents
    Then the answer is <bob>

    Examples:
      | role                       | change             | method | route        | body                        | before                  | after                   | bob                     |
      | label:vip                  | labels             | PUT    | labels       | {"labels": ["vip"]}         | 401 "user_unauthorized" | 200                     | 401 "user_unauthorized" |
      | users/verified             | email verification | PATCH  | verification | {"emailVerification": true} | 401 "user_unauthorized" | 200                     | 401 "user_unauthorized" |
      | user:{alice.id}/verified   | email verification | PATCH  | verification | {"emailVerification": true} | 401 "user_unauthorized" | 200                     | 401 "user_unauthorized" |
      | users/unverified           | email verification | PATCH  | verification | {"emailVerification": true} | 200                     | 401 "user_unauthorized" | 200                     |
      | user:{alice.id}/unverified | email verification | PATCH  | verification | {"emailVerification": true} | 200                     | 401 "user_unauthorized" | 401 "user_unauthorized" |

  @id:users-roles-document @op:users.updateLabels @op:users.updateEmailVerification @op:databases.getDocument
  Scenario Outline: With documentSecurity, a document readable by <role> follows alice's <change>
    Given a collection "notes" with:
      """
      {"permissions": [], "documentSecurity": true}
      """
    And "notes" has the attributes:
      | type   | key  | options      |
      | string | text | {"size": 64} |
    And "notes" has the documents:
      """
      [{"$id": "n1", "text": "for some", "$permissions": ["read(\"<role>\")"]}]
      """
    When "alice" sends GET /databases/{db}/collections/{notes}/documents/n1
    Then the answer is <before>
    When the server sends <method> /users/{alice.id}/<route> with:
      """
      <body>
      """
    Then the response status is 200
    When "alice" sends GET /databases/{db}/collections/{notes}/documents/n1
    Then the answer is <after>
    When "bob" sends GET /databases/{db}/collections/{notes}/documents/n1
    Then the answer is <bob>

    Examples:
      | role                       | change             | method | route        | body                        | before                   | after                    | bob                      |
      | label:vip                  | labels             | PUT    | labels       | {"labels": ["vip"]}         | 404 "document_not_found" | 200                      | 404 "document_not_found" |
      | users/verified             | email verification | PATCH  | verification | {"emailVerification": true} | 404 "document_not_found" | 200                      | 404 "document_not_found" |
      | user:{alice.id}/verified   | email verification | PATCH  | verification | {"emailVerification": true} | 404 "document_not_found" | 200                      | 404 "document_not_found" |
      | users/unverified           | email verification | PATCH  | verification | {"emailVerification": true} | 200                      | 404 "document_not_found" | 200                      |
      | user:{alice.id}/unverified | email verification | PATCH  | verification | {"emailVerification": true} | 200                      | 404 "document_not_found" | 404 "document_not_found" |

  @id:users-roles-label-removed @op:users.updateLabels @op:storage.getFile @op:databases.getDocument
  Scenario: Removing a label takes its role away again
    Given a bucket "b" with:
      """
      {"permissions": ["read(\"label:vip\")"]}
      """
    And a file "f" in "b" holding the text "vip only"
    And a collection "notes" with:
      """
      {"permissions": [], "documentSecurity": true}
      """
    And "notes" has the attributes:
      | type   | key  | options      |
      | string | text | {"size": 64} |
    And "notes" has the documents:
      """
      [{"$id": "n1", "text": "vip only", "$permissions": ["read(\"label:vip\")"]}]
      """
    When the server sends PUT /users/{alice.id}/labels with:
      """
      {"labels": ["vip", "beta"]}
      """
    And "alice" sends GET /storage/buckets/{b}/files/{f}
    Then the response status is 200
    When "alice" sends GET /databases/{db}/collections/{notes}/documents/n1
    Then the response status is 200
    When the server sends PUT /users/{alice.id}/labels with:
      """
      {"labels": ["beta"]}
      """
    And "alice" sends GET /storage/buckets/{b}/files/{f}
    Then the request fails with 401 "user_unauthorized"
    When "alice" sends GET /databases/{db}/collections/{notes}/documents/n1
    Then the request fails with 404 "document_not_found"

  @id:users-roles-blocked @op:users.updateStatus @op:storage.getFile @op:databases.listDocuments @op:teams.get
  Scenario: A blocked user loses every access with 403 user_blocked, and gets it back when unblocked
    Given "alice" has a JWT
    And a bucket "b" with:
      """
      {"permissions": ["read(\"users\")"]}
      """
    And a file "f" in "b" holding the text "for users"
    And a collection "notes" with:
      """
      {"permissions": ["read(\"users\")"]}
      """
    And a team "t"
    And "alice" is a member of "t"
    When the server sends PATCH /users/{alice.id}/status with:
      """
      {"status": false}
      """
    Then the response status is 200
    When "alice" sends GET /storage/buckets/{b}/files/{f}
    Then the request fails with 403 "user_blocked"
    When "alice" with a JWT sends GET /databases/{db}/collections/{notes}/documents
    Then the request fails with 403 "user_blocked"
    When "alice" sends GET /teams/{t}
    Then the request fails with 403 "user_blocked"
    When "bob" sends GET /storage/buckets/{b}/files/{f}
    Then the response status is 200
    When the server sends PATCH /users/{alice.id}/status with:
      """
      {"status": true}
      """
    And "alice" sends GET /storage/buckets/{b}/files/{f}
    Then the response status is 200
    When "alice" with a JWT sends GET /databases/{db}/collections/{notes}/documents
    Then the response status is 200
    When "alice" sends GET /teams/{t}
    Then the response status is 200
