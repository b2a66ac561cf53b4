@teams
Feature: Team memberships
  An API key adds a user to a team directly: the membership is confirmed at once (`confirm`
  true, `joined` set) and counts in the team's `total`. From a session only the team's
  owners invite (401 `user_unauthorized` for other members); the invitation is unconfirmed
  (`confirm` false, `joined` empty) until the invitee accepts it with the secret Appwrite
  mails them, so a session invitation needs email delivery (`@needs:email-delivery`) and a
  redirect `url`. Members read the team's memberships; owners change roles (others get 401
  "User is not allowed to modify roles"); a member may leave, and owners may remove anyone.

  @id:teams-membership-key-by-user-id @op:teams.createMembership @op:teams.get
  Scenario: The server adds a user by ID and the membership is confirmed at once
    Given a user "bob"
    And a team "t"
    When the server sends POST /teams/{t}/memberships with:
      """
      {"userId": "{bob.id}", "roles": ["editor"]}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"$id": "<non-empty string>", "userId": "{bob.id}", "userName": "bob", "userEmail": "{bob.email}", "userPhone": "",
       "teamId": "{t}", "teamName": "Team t", "roles": ["editor"], "confirm": true, "mfa": false,
       "invited": "<datetime>", "joined": "<datetime>", "$createdAt": "<datetime>", "$updatedAt": "<datetime>"}
      """
    When the server sends GET /teams/{t}
    Then the response field "total" is 1

  @id:teams-membership-key-by-email @op:teams.createMembership
  Scenario: The server adds an existing user by email
    Given a user "bob"
    And a team "t"
    When the server sends POST /teams/{t}/memberships with:
      """
      {"email": "{bob.email}", "roles": []}
      """
    Then the response status is 201
    And the response field "userId" is "{bob.id}"
    And the response field "confirm" is true

  @id:teams-membership-key-new-email @op:teams.createMembership @op:users.get
  Scenario: Adding an unknown email makes a user for it
    Given a team "t"
    And a new ID remembered as "e"
    When the server sends POST /teams/{t}/memberships with:
      """
      {"email": "{e}@conform.test", "name": "Newcomer", "roles": []}
      """
    Then the response status is 201
    And the response field "userEmail" is "{e}@conform.test"
    And the response field "userName" is "Newcomer"
    And the response field "userId" is remembered as "newcomer"
    When the server sends GET /users/{newcomer}
    Then the response status is 200
    And the response field "email" is "{e}@conform.test"

  @id:teams-membership-already-confirmed @op:teams.createMembership
  Scenario: Adding a user who is already a member is a conflict
    Given a user "bob"
    And a team "t"
    And "bob" is a member of "t"
    When the server sends POST /teams/{t}/memberships with:
      """
      {"userId": "{bob.id}", "roles": []}
      """
    Then the request fails with 409 "membership_already_confirmed"

  @id:teams-membership-create-errors @op:teams.createMembership
  Scenario Outline: Invitations the server refuses: <case>
    Given a user "bob"
    And a team "t"
    When the server sends POST /teams/<team>/memberships with:
      """
      <body>
      """
    Then the request fails with <status> "<type>"

    Examples:
      | case                 | team             | body                                                        | status | type                     |
      | nobody named         | {t}              | {"roles": []}                                               | 400    | general_argument_invalid |
      | roles missing        | {t}              | {"userId": "{bob.id}"}                                      | 400    | general_argument_invalid |
      | unknown user         | {t}              | {"userId": "{new-id:nobody}", "roles": []}                  | 404    | user_not_found           |
      | userId and email     | {t}              | {"userId": "{bob.id}", "email": "x{bob.email}", "roles": []} | 409    | user_already_exists      |
      | unknown team         | {new-id:nothing} | {"userId": "{bob.id}", "roles": []}                         | 404    | team_not_found           |

  @id:teams-membership-get @op:teams.getMembership
  Scenario: A membership is read through its team
    Given a user "bob"
    And a team "t"
    And a team "other"
    And "bob" is a member of "t" with roles ["editor"]
    When the server sends GET /teams/{t}/memberships/{t/bob}
    Then the response status is 200
    And the response field "roles" is ["editor"]
    And the response field "teamName" is "Team t"
    When the server sends GET /teams/{t}/memberships/{new-id:nothing}
    Then the request fails with 404 "membership_not_found"
    When the server sends GET /teams/{other}/memberships/{t/bob}
    Then the request fails with 404 "team_membership_mismatch"
    When a guest sends GET /teams/{t}/memberships/{t/bob}
    Then the request fails with 401 "general_unauthorized_scope"

  @id:teams-membership-list @op:teams.listMemberships
  Scenario: The memberships list filters, searches and counts
    Given a user "bob"
    And a user "carol"
    And a team "t"
    And "bob" is a member of "t" with roles ["editor"]
    And "carol" is a member of "t" with roles ["viewer"]
    When the server sends GET /teams/{t}/memberships
    Then the response status is 200
    And the response field "total" is 2
    When the server sends GET /teams/{t}/memberships with queries:
      """
      {"method":"equal","attribute":"userId","values":["{carol.id}"]}
      """
    Then the response body matches:
      """
      {"total": 1, "memberships": [{"userId": "{carol.id}", "roles": ["viewer"]}]}
      """
    When the server sends GET /teams/{t}/memberships with queries:
      """
      {"method":"contains","attribute":"roles","values":["editor"]}
      """
    Then the response body matches:
      """
      {"total": 1, "memberships": [{"userId": "{bob.id}"}]}
      """
    When the server sends GET /teams/{t}/memberships?search={t/bob}&total=false
    Then the response body matches:
      """
      {"total": 0, "memberships": [{"userId": "{bob.id}"}]}
      """
    When the server sends GET /teams/{t}/memberships with queries:
      """
      {"method":"equal","attribute":"userName","values":["bob"]}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends GET /teams/{new-id:nothing}/memberships
    Then the request fails with 404 "team_not_found"

  @id:teams-membership-details @op:teams.getMembership @op:teams.listMemberships @op:teams.updateMembership @op:users.updateMfa @op:users.listMemberships
  Scenario: Reads of a team's memberships show every detail of the member; writes name and email only
    Appwrite 1.9.x looks the member up when it reads a team's memberships: its phone, and `mfa`
    true only while the user has MFA on and a verified email or phone to use. The answers to
    writes, and the Users service's list of a user's memberships, set the name and email alone.
    Given a user "bob"
    And a team "t"
    And a new phone number remembered as "number"
    When the server sends PATCH /users/{bob.id}/phone with:
      """
      {"number": "{number}"}
      """
    Then the response status is 200
    When the server sends PATCH /users/{bob.id}/mfa with:
      """
      {"mfa": true}
      """
    Then the response status is 200
    When the server sends POST /teams/{t}/memberships with:
      """
      {"userId": "{bob.id}", "roles": []}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"userName": "bob", "userEmail": "{bob.email}", "userPhone": "", "mfa": false}
      """
    And the response field "$id" is remembered as "m"
    When the server sends GET /teams/{t}/memberships/{m}
    Then the response body matches:
      """
      {"userName": "bob", "userEmail": "{bob.email}", "userPhone": "{number}", "mfa": false}
      """
    When the server sends PATCH /users/{bob.id}/verification with:
      """
      {"emailVerification": true}
      """
    Then the response status is 200
    When the server sends GET /teams/{t}/memberships/{m}
    Then the response field "mfa" is true
    When the server sends GET /teams/{t}/memberships
    Then the response field "memberships.0.mfa" is true
    And the response field "memberships.0.userPhone" is "{number}"
    When the server sends PATCH /teams/{t}/memberships/{m} with:
      """
      {"roles": ["editor"]}
      """
    Then the response status is 200
    And the response body matches:
      """
      {"roles": ["editor"], "userEmail": "{bob.email}", "userPhone": "", "mfa": false}
      """
    When the server sends GET /users/{bob.id}/memberships
    Then the response body matches:
      """
      {"memberships": [{"$id": "{m}", "teamName": "Team t", "userEmail": "{bob.email}", "userPhone": "", "mfa": false}]}
      """

  @id:teams-membership-accessed-at @op:teams.getMembership @op:teams.listMemberships @op:account.create @ip-budget
  Scenario: userAccessedAt shows to API keys and stays empty for members
    A user who made their own account has been active; the team's memberships tell an API key
    when, and tell the other members nothing (Appwrite's default membership privacy).
    Given a signed-in user "alice"
    And "alice" has created a team "t"
    And a new ID remembered as "carol"
    When a guest sends POST /account with:
      """
      {"userId": "{carol}", "email": "{carol}@conform.test", "password": "password-{carol}", "name": "carol"}
      """
    Then the response status is 201
    And the response field "accessedAt" is "<datetime>"
    When the server sends POST /teams/{t}/memberships with:
      """
      {"userId": "{carol}", "roles": []}
      """
    Then the response status is 201
    And the response field "userAccessedAt" is ""
    And the response field "$id" is remembered as "m"
    When the server sends GET /teams/{t}/memberships/{m}
    Then the response field "userAccessedAt" is "<datetime>"
    When the server sends GET /teams/{t}/memberships
    Then the response field "memberships.1.userAccessedAt" is "<datetime>"
    When "alice" sends GET /teams/{t}/memberships/{m}
    Then the response status is 200
    And the response field "userAccessedAt" is ""
    When "alice" sends GET /teams/{t}/memberships
    Then the response field "memberships.1.userAccessedAt" is ""

  @id:teams-membership-list-session @op:teams.listMemberships
  Scenario: Members read the team's memberships; outsiders cannot find the team
    Given a signed-in user "alice"
    And a signed-in user "bob"
    And a signed-in user "carol"
    And "alice" has created a team "t"
    And "bob" is a member of "t"
    When "bob" sends GET /teams/{t}/memberships
    Then the response status is 200
    And the response field "total" is 2
    When "carol" sends GET /teams/{t}/memberships
    Then the request fails with 404 "team_not_found"

  @id:teams-membership-update-roles @op:teams.updateMembership
  Scenario: The owner changes a member's roles
    Given a signed-in user "alice"
    And a user "bob"
    And "alice" has created a team "t"
    And "bob" is a member of "t" with roles ["viewer"]
    When "alice" sends PATCH /teams/{t}/memberships/{t/bob} with:
      """
      {"roles": ["editor", "viewer"]}
      """
    Then the response status is 200
    And the response field "roles" is ["editor", "viewer"]
    And the response field "userId" is "{bob.id}"
    When the server sends GET /teams/{t}/memberships/{t/bob}
    Then the response field "roles" is ["editor", "viewer"]

  @id:teams-membership-update-not-owner @op:teams.updateMembership
  Scenario: A member who is not an owner cannot change roles, not even their own
    Given a signed-in user "alice"
    And a signed-in user "bob"
    And "alice" has created a team "t"
    And "bob" is a member of "t" with roles ["viewer"]
    When "bob" sends PATCH /teams/{t}/memberships/{t/bob} with:
      """
      {"roles": ["owner"]}
      """
    Then the request fails with 401 "user_unauthorized"
    When "bob" sends PATCH /teams/{t}/memberships/{t/alice} with:
      """
      {"roles": []}
      """
    Then the request fails with 401 "user_unauthorized"

  @id:teams-membership-update-errors @op:teams.updateMembership
  Scenario: Changing roles of memberships that are not there
    Given a user "bob"
    And a team "t"
    And a team "other"
    And "bob" is a member of "t"
    When the server sends PATCH /teams/{t}/memberships/{new-id:nothing} with:
      """
      {"roles": []}
      """
    Then the request fails with 404 "membership_not_found"
    When the server sends PATCH /teams/{other}/memberships/{t/bob} with:
      """
      {"roles": []}
      """
    Then the request fails with 404 "team_membership_mismatch"
    When the server sends PATCH /teams/{t}/memberships/{t/bob} with:
      """
      {}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:teams-sole-owner-steps-down @op:teams.updateMembership @op:teams.deleteMembership @op:teams.updateName
  Scenario: Outside the console the only owner may give up the owner role, and it is gone at once
    Appwrite 1.9.x keeps a last owner only in its console project; in a project a sole owner
    may drop the role and leave, and the very next request is judged without it.
    Given a signed-in user "alice"
    And "alice" has created a team "t"
    When "alice" sends PATCH /teams/{t}/memberships/{t/alice} with:
      """
      {"roles": ["member"]}
      """
    Then the response status is 200
    And the response field "roles" is ["member"]
    When "alice" sends PUT /teams/{t} with:
      """
      {"name": "No owner"}
      """
    Then the request fails with 401 "user_unauthorized"
    When "alice" sends PATCH /teams/{t}/memberships/{t/alice} with:
      """
      {"roles": ["owner"]}
      """
    Then the request fails with 401 "user_unauthorized"
    When "alice" sends DELETE /teams/{t}/memberships/{t/alice}
    Then the response status is 204
    When the server sends GET /teams/{t}
    Then the response field "total" is 0

  @id:teams-membership-delete-key @op:teams.deleteMembership @op:teams.get
  Scenario: The server removes a member and the team's total drops
    Given a user "bob"
    And a team "t"
    And "bob" is a member of "t"
    When the server sends DELETE /teams/{t}/memberships/{t/bob}
    Then the response status is 204
    When the server sends GET /teams/{t}
    Then the response field "total" is 0
    When the server sends DELETE /teams/{t}/memberships/{t/bob}
    Then the request fails with 404 "team_invite_not_found"

  @id:teams-membership-delete-mismatch @op:teams.deleteMembership
  Scenario: A membership is removed only through its own team
    Given a user "bob"
    And a team "t"
    And a team "other"
    And "bob" is a member of "t"
    When the server sends DELETE /teams/{other}/memberships/{t/bob}
    Then the request fails with 404 "team_membership_mismatch"

  @id:teams-membership-leave @op:teams.deleteMembership @op:teams.list
  Scenario: A member leaves; another member cannot remove them, the owner can
    Given a signed-in user "alice"
    And a signed-in user "bob"
    And a signed-in user "carol"
    And "alice" has created a team "t"
    And "bob" is a member of "t"
    And "carol" is a member of "t"
    When "carol" sends DELETE /teams/{t}/memberships/{t/bob}
    Then the request fails with 401 "user_unauthorized"
    When "bob" sends DELETE /teams/{t}/memberships/{t/bob}
    Then the response status is 204
    When "bob" sends GET /teams
    Then the response field "total" is 0
    When "alice" sends DELETE /teams/{t}/memberships/{t/carol}
    Then the response status is 204
    When "alice" sends GET /teams/{t}
    Then the response field "total" is 1

  @id:teams-membership-user-deleted @op:teams.get @op:teams.listMemberships @op:users.delete
  Scenario: Deleting a user takes their memberships with them (Appwrite does it in a worker)
    Given a user "bob"
    And a team "t"
    And "bob" is a member of "t"
    When the server sends DELETE /users/{bob.id}
    Then the response status is 204
    When the server sends GET /teams/{t}/memberships until the response field "total" is 0
    Then the response field "total" is 0
    When the server sends GET /teams/{t} until the response field "total" is 0
    Then the response field "total" is 0

  @id:teams-invite-by-owner @op:teams.createMembership @op:teams.get @needs:email-delivery @ip-budget
  Scenario: An owner's invitation waits for the invitee to accept it
    Given a signed-in user "alice"
    And a user "bob"
    And "alice" has created a team "t"
    When "alice" sends POST /teams/{t}/memberships with:
      """
      {"email": "{bob.email}", "roles": ["editor"], "url": "http://localhost/join"}
      """
    Then the response status is 201
    And the response field "userId" is "{bob.id}"
    And the response field "confirm" is false
    And the response field "joined" is ""
    And the response field "invited" is "<datetime>"
    When "alice" sends GET /teams/{t}
    Then the response field "total" is 1
    When "alice" sends POST /teams/{t}/memberships with:
      """
      {"email": "{bob.email}", "roles": ["editor"], "url": "http://localhost/join"}
      """
    Then the response status is 201
    And the response field "confirm" is false

  @id:teams-invite-key-confirms-invitation @op:teams.createMembership @needs:email-delivery @ip-budget
  Scenario: The server confirms a pending invitation by adding the user again
    Given a signed-in user "alice"
    And a user "bob"
    And "alice" has created a team "t"
    When "alice" sends POST /teams/{t}/memberships with:
      """
      {"userId": "{bob.id}", "roles": [], "url": "http://localhost/join"}
      """
    Then the response field "confirm" is false
    When the server sends POST /teams/{t}/memberships with:
      """
      {"userId": "{bob.id}", "roles": []}
      """
    Then the response status is 201
    And the response field "confirm" is true
    And the response field "joined" is "<datetime>"

  @id:teams-invite-needs-url @op:teams.createMembership @ip-budget
  Scenario: A session's invitation needs a redirect URL
    Given a signed-in user "alice"
    And a user "bob"
    And "alice" has created a team "t"
    When "alice" sends POST /teams/{t}/memberships with:
      """
      {"userId": "{bob.id}", "roles": []}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:teams-invite-not-owner @op:teams.createMembership @needs:email-delivery @ip-budget
  Scenario: Only owners invite; outsiders cannot find the team
    Given a signed-in user "alice"
    And a signed-in user "bob"
    And a signed-in user "carol"
    And "alice" has created a team "t"
    And "bob" is a member of "t" with roles ["editor"]
    When "bob" sends POST /teams/{t}/memberships with:
      """
      {"userId": "{carol.id}", "roles": [], "url": "http://localhost/join"}
      """
    Then the request fails with 401 "user_unauthorized"
    When "carol" sends POST /teams/{t}/memberships with:
      """
      {"userId": "{carol.id}", "roles": ["owner"], "url": "http://localhost/join"}
      """
    Then the request fails with 404 "team_not_found"

  @id:teams-status-errors @op:teams.updateMembershipStatus
  Scenario: Accepting an invitation needs its secret
    Given a signed-in user "bob"
    And a team "t"
    And a team "other"
    And "bob" is a member of "t"
    When "bob" sends PATCH /teams/{t}/memberships/{t/bob}/status with:
      """
      {"userId": "{bob.id}", "secret": "not-the-secret"}
      """
    Then the request fails with 401 "team_invalid_secret"
    When "bob" sends PATCH /teams/{t}/memberships/{new-id:nothing}/status with:
      """
      {"userId": "{bob.id}", "secret": "not-the-secret"}
      """
    Then the request fails with 404 "membership_not_found"
    When "bob" sends PATCH /teams/{new-id:nothing}/memberships/{t/bob}/status with:
      """
      {"userId": "{bob.id}", "secret": "not-the-secret"}
      """
    Then the request fails with 404 "team_not_found"
    When "bob" sends PATCH /teams/{other}/memberships/{t/bob}/status with:
      """
      {"userId": "{bob.id}", "secret": "not-the-secret"}
      """
    Then the request fails with 404 "team_membership_mismatch"
    When "bob" sends PATCH /teams/{t}/memberships/{t/bob}/status with:
      """
      {"userId": "{bob.id}"}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:teams-creator-membership-hidden @op:teams.deleteMembership @op:teams.updateMembershipStatus
  Scenario: The creator's own membership is hidden from users outside the team
    Appwrite gives the membership made with a team read("user:<creator>") and read("team:T")
    only, while memberships made by invitation are readable by anyone.
    Given a signed-in user "alice"
    And a signed-in user "bob"
    And a signed-in user "carol"
    And "alice" has created a team "t"
    And "bob" is a member of "t"
    When "carol" sends DELETE /teams/{t}/memberships/{t/alice}
    Then the request fails with 404 "team_invite_not_found"
    When "carol" sends DELETE /teams/{t}/memberships/{t/bob}
    Then the request fails with 404 "team_not_found"
    When "carol" sends PATCH /teams/{t}/memberships/{t/alice}/status with:
      """
      {"userId": "{alice.id}", "secret": "not-the-secret"}
      """
    Then the request fails with 404 "membership_not_found"
    When "bob" sends PATCH /teams/{t}/memberships/{t/alice}/status with:
      """
      {"userId": "{alice.id}", "secret": "not-the-secret"}
      """
    Then the request fails with 401 "team_invalid_secret"
