@teams @permissions
Feature: Team roles in permissions
  A confirmed member of team T holds the roles `team:T`, `team:T/<role>` for each of its
  membership roles, and `member:<membershipId>` (Appwrite 1.9.x `User::getRoles`). A bucket,
  file, collection or document may grant access to those roles. An invitation that is not yet
  accepted grants nothing, and leaving the team takes the roles away.

  Background:
    Given a signed-in user "alice"
    And a signed-in user "bob"
    And a team "t"
    And "alice" is a member of "t" with roles ["editor"]

  @id:teams-perm-team-role @op:storage.getFile @op:storage.listFiles
  Scenario Outline: A bucket readable by team:T is readable by its members only: <who>
    Given a bucket "shared" with:
      """
      {"permissions": ["read(\"team:{t}\")"]}
      """
    And a file "doc" in "shared" holding the text "for the team"
    When <who> sends GET /storage/buckets/{shared}/files/{doc}
    Then the answer is <outcome>
    When <who> sends GET /storage/buckets/{shared}/files
    Then the answer is <outcome>

    Examples:
      | who                | outcome                 |
      | "alice"            | 200                     |
      | "bob"              | 401 "user_unauthorized" |
      | a guest            | 401 "user_unauthorized" |

  @id:teams-perm-team-subrole @op:storage.getFile
  Scenario: team:T/<role> is held only by members with that role
    Given "bob" is a member of "t" with roles ["viewer"]
    And a bucket "drafts" with:
      """
      {"permissions": ["read(\"team:{t}/editor\")"]}
      """
    And a file "doc" in "drafts" holding the text "draft"
    When "alice" sends GET /storage/buckets/{drafts}/files/{doc}
    Then the response status is 200
    When "bob" sends GET /storage/buckets/{drafts}/files/{doc}
    Then the request fails with 401 "user_unauthorized"

  @id:teams-perm-member-role @op:storage.getFile
  Scenario: member:<membershipId> is held by that membership's user
    Given a bucket "personal" with:
      """
      {"permissions": ["read(\"member:{t/alice}\")"]}
      """
    And a file "doc" in "personal" holding the text "mine"
    When "alice" sends GET /storage/buckets/{personal}/files/{doc}
    Then the response status is 200
    When "bob" sends GET /storage/buckets/{personal}/files/{doc}
    Then the request fails with 401 "user_unauthorized"

  @id:teams-perm-role-change @op:storage.getFile @op:teams.updateMembership
  Scenario: Changing a member's roles changes what they may read
    Given a bucket "drafts" with:
      """
      {"permissions": ["read(\"team:{t}/editor\")"]}
      """
    And a file "doc" in "drafts" holding the text "draft"
    When the server sends PATCH /teams/{t}/memberships/{t/alice} with:
      """
      {"roles": ["viewer"]}
      """
    Then the response status is 200
    When "alice" sends GET /storage/buckets/{drafts}/files/{doc}
    Then the request fails with 401 "user_unauthorized"

  @id:teams-perm-leave @op:storage.getFile @op:teams.deleteMembership
  Scenario: A member who leaves the team loses its roles
    Given a bucket "shared" with:
      """
      {"permissions": ["read(\"team:{t}\")"]}
      """
    And a file "doc" in "shared" holding the text "for the team"
    When "alice" sends DELETE /teams/{t}/memberships/{t/alice}
    Then the response status is 204
    When "alice" sends GET /storage/buckets/{shared}/files/{doc}
    Then the request fails with 401 "user_unauthorized"

  @id:teams-perm-document @op:databases.getDocument @op:databases.listDocuments
  Scenario: A document readable by team:T is found by members and hidden from others
    Given a collection "notes" with:
      """
      {"permissions": ["create(\"users\")"], "documentSecurity": true}
      """
    And "notes" has the attributes:
      | type   | key  | options      |
      | string | text | {"size": 64} |
    And "notes" has the documents:
      """
      [{"$id": "n1", "text": "team only", "$permissions": ["read(\"team:{t}\")"]}]
      """
    When "alice" sends GET /databases/{db}/collections/{notes}/documents/n1
    Then the response status is 200
    When "bob" sends GET /databases/{db}/collections/{notes}/documents/n1
    Then the request fails with 404 "document_not_found"
    When "bob" sends GET /databases/{db}/collections/{notes}/documents
    Then the response field "total" is 0

  @id:teams-perm-invitation-grants-nothing @op:storage.getFile @op:teams.createMembership @needs:email-delivery @ip-budget
  Scenario: An invitation not yet accepted grants no team roles
    Given "alice" has created a team "own"
    And a bucket "shared" with:
      """
      {"permissions": ["read(\"team:{own}\")"]}
      """
    And a file "doc" in "shared" holding the text "for the team"
    When "alice" sends POST /teams/{own}/memberships with:
      """
      {"userId": "{bob.id}", "roles": [], "url": "http://localhost/join"}
      """
    Then the response field "confirm" is false
    When "bob" sends GET /storage/buckets/{shared}/files/{doc}
    Then the request fails with 401 "user_unauthorized"
    When "bob" sends GET /teams/{own}
    Then the request fails with 404 "team_not_found"
