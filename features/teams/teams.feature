@teams
Feature: Teams
  A team has a name, a count of its confirmed members (`total`) and preferences. Creating one
  with a session makes the signed-in user its first member, an owner, so `total` is 1; a team
  an API key creates has no members (`total` 0). Appwrite 1.9.x gives a team the permissions
  read("team:<id>"), update("team:<id>/owner") and delete("team:<id>/owner"): a session sees
  only the teams it is a confirmed member of (others are 404 `team_not_found`), and only
  owners rename, delete or set the preferences of a team (401 `user_unauthorized`). API keys
  need `teams.read` / `teams.write` and bypass permissions. Deleting a team deletes its
  memberships.

  @id:teams-create-key @op:teams.create @op:teams.get
  Scenario: The server creates a team without members
    Given a new ID remembered as "t"
    When the server sends POST /teams with:
      """
      {"teamId": "{t}", "name": "Engineering"}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"$id": "{t}", "name": "Engineering", "total": 0, "prefs": {}, "$createdAt": "<datetime>", "$updatedAt": "<datetime>"}
      """
    When the server sends GET /teams/{t}
    Then the response status is 200
    And the response field "name" is "Engineering"

  @id:teams-create-session-owner @op:teams.create @op:teams.listMemberships
  Scenario: A signed-in user who creates a team is its owner and only member
    Given a signed-in user "alice"
    And a new ID remembered as "t"
    When "alice" sends POST /teams with:
      """
      {"teamId": "{t}", "name": "Alice's team"}
      """
    Then the response status is 201
    And the response field "total" is 1
    When "alice" sends GET /teams/{t}/memberships
    Then the response status is 200
    And the response body matches:
      """
      {"total": 1, "memberships": [{"userId": "{alice.id}", "userEmail": "{alice.email}", "teamId": "{t}", "teamName": "Alice's team", "roles": ["owner"], "confirm": true, "invited": "<datetime>", "joined": "<datetime>", "mfa": false}]}
      """

  @id:teams-create-session-roles @op:teams.create @op:teams.listMemberships
  Scenario: Roles chosen at creation are the creator's, and owner is always among them
    Given a signed-in user "alice"
    And a new ID remembered as "t"
    When "alice" sends POST /teams with:
      """
      {"teamId": "{t}", "name": "Roles", "roles": ["lead", "dev"]}
      """
    Then the response status is 201
    When "alice" sends GET /teams/{t}/memberships
    Then the response field "memberships.0.roles" is ["lead", "dev", "owner"]

  @id:teams-create-duplicate @op:teams.create
  Scenario: A team ID can be used once
    Given a team "t"
    When the server sends POST /teams with:
      """
      {"teamId": "{t}", "name": "Second"}
      """
    Then the request fails with 409 "team_already_exists"

  @id:teams-create-unique-id @op:teams.create
  Scenario: unique() asks the server for an ID
    When the server sends POST /teams with:
      """
      {"teamId": "unique()", "name": "Generated"}
      """
    Then the response status is 201
    And the response field "$id" is "<non-empty string>"

  @id:teams-create-invalid @op:teams.create
  Scenario Outline: Invalid team parameters are refused: <case>
    When the server sends POST /teams with:
      """
      <body>
      """
    Then the request fails with 400 "general_argument_invalid"

    Examples:
      | case            | body                                                    |
      | no name         | {"teamId": "{new-id:t}"}                                |
      | bad ID          | {"teamId": "-bad", "name": "x"}                         |
      | role with space | {"teamId": "{new-id:t}", "name": "x", "roles": ["a b"]} |
      | name too long   | {"teamId": "{new-id:t}", "name": "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"} |

  @id:teams-get-missing @op:teams.get
  Scenario: A team that does not exist is 404
    When the server sends GET /teams/{new-id:nothing}
    Then the request fails with 404 "team_not_found"

  @id:teams-update-name @op:teams.updateName
  Scenario: The owner renames the team
    Given a signed-in user "alice"
    And "alice" has created a team "t"
    When "alice" sends PUT /teams/{t} with:
      """
      {"name": "New"}
      """
    Then the response status is 200
    And the response field "name" is "New"
    And the response field "total" is 1
    When the server sends PUT /teams/{new-id:nothing} with:
      """
      {"name": "New"}
      """
    Then the request fails with 404 "team_not_found"

  @id:teams-list-session-sees-own @op:teams.list @op:teams.get
  Scenario: A session lists and reads only the teams it belongs to
    Given a signed-in user "alice"
    And a signed-in user "bob"
    And "alice" has created a team "mine"
    And "bob" has created a team "theirs"
    When "alice" sends GET /teams
    Then the response status is 200
    And the response body matches:
      """
      {"total": 1, "teams": [{"$id": "{mine}", "name": "Team mine", "total": 1}]}
      """
    When "alice" sends GET /teams/{theirs}
    Then the request fails with 404 "team_not_found"
    When the server sends GET /teams/{theirs}
    Then the response status is 200

  @id:teams-jwt @op:teams.list @op:teams.get @op:teams.getPrefs
  Scenario: A JWT speaks for its user in Teams as a session does
    Given a signed-in user "alice"
    And a signed-in user "bob"
    And "alice" has a JWT
    And "alice" has created a team "mine"
    And "bob" has created a team "theirs"
    When "alice" with a JWT sends GET /teams
    Then the response body matches:
      """
      {"total": 1, "teams": [{"$id": "{mine}"}]}
      """
    When "alice" with a JWT sends GET /teams/{mine}/prefs
    Then the response status is 200
    When "alice" with a JWT sends GET /teams/{theirs}
    Then the request fails with 404 "team_not_found"

  @id:teams-list-queries @op:teams.list
  Scenario: The teams list takes filters, search, order, limits and total=false
    Given a team "alpha" named "Okapi keepers"
    And a team "beta" named "Zebra keepers"
    When the server sends GET /teams with queries:
      """
      {"method":"equal","attribute":"name","values":["Zebra keepers"]}
      {"method":"equal","attribute":"$id","values":["{alpha}", "{beta}"]}
      """
    Then the response status is 200
    And the response body matches:
      """
      {"total": 1, "teams": [{"$id": "{beta}"}]}
      """
    When the server sends GET /teams with queries:
      """
      {"method":"equal","attribute":"$id","values":["{alpha}", "{beta}"]}
      {"method":"orderDesc","attribute":"name"}
      """
    Then the response body matches:
      """
      {"total": 2, "teams": [{"$id": "{beta}"}, {"$id": "{alpha}"}]}
      """
    When the server sends GET /teams?search=Okapi with queries:
      """
      {"method":"equal","attribute":"$id","values":["{alpha}", "{beta}"]}
      """
    Then the response body matches:
      """
      {"total": 1, "teams": [{"$id": "{alpha}", "name": "Okapi keepers"}]}
      """
    When the server sends GET /teams?total=false with queries:
      """
      {"method":"equal","attribute":"$id","values":["{alpha}", "{beta}"]}
      {"method":"limit","values":[1]}
      """
    Then the response body matches:
      """
      {"total": 0, "teams": [{"$id": "{alpha}"}]}
      """

  @id:teams-list-paging @op:teams.list @op:teams.listMemberships
  Scenario: Teams and memberships page with limit, offset and cursors; an unknown cursor is refused
    Given a team "one"
    And a team "two"
    And a team "three"
    When the server sends GET /teams with queries:
      """
      {"method":"equal","attribute":"$id","values":["{one}", "{two}", "{three}"]}
      {"method":"limit","values":[2]}
      {"method":"offset","values":[1]}
      """
    Then the response status is 200
    And the response body matches:
      """
      {"total": 3, "teams": [{"$id": "{two}"}, {"$id": "{three}"}]}
      """
    When the server sends GET /teams with queries:
      """
      {"method":"equal","attribute":"$id","values":["{one}", "{two}", "{three}"]}
      {"method":"limit","values":[1]}
      {"method":"cursorAfter","values":["{one}"]}
      """
    Then the response body matches:
      """
      {"total": 3, "teams": [{"$id": "{two}"}]}
      """
    When the server sends GET /teams with queries:
      """
      {"method":"equal","attribute":"$id","values":["{one}", "{two}", "{three}"]}
      {"method":"limit","values":[1]}
      {"method":"cursorBefore","values":["{three}"]}
      """
    Then the response body matches:
      """
      {"total": 3, "teams": [{"$id": "{two}"}]}
      """
    When the server sends GET /teams with queries:
      """
      {"method":"cursorAfter","values":["{new-id:unknown}"]}
      """
    Then the request fails with 400 "general_cursor_not_found"
    When the server sends GET /teams/{one}/memberships with queries:
      """
      {"method":"cursorAfter","values":["{new-id:unknown}"]}
      """
    Then the request fails with 400 "general_cursor_not_found"

  @id:teams-list-bad-query @op:teams.list
  Scenario Outline: The teams list refuses queries it does not allow: <case>
    When the server sends GET /teams with queries:
      """
      <query>
      """
    Then the request fails with 400 "general_argument_invalid"

    Examples:
      | case              | query                                                   |
      | unknown attribute | {"method":"equal","attribute":"secret","values":["x"]} |
      | select            | {"method":"select","values":["name"]}                   |

  @id:teams-delete @op:teams.delete @op:teams.get @op:teams.getMembership
  Scenario: Deleting a team deletes its memberships
    Given a user "bob"
    And a team "t"
    And "bob" is a member of "t"
    When the server sends DELETE /teams/{t}
    Then the response status is 204
    When the server sends GET /teams/{t}
    Then the request fails with 404 "team_not_found"
    When the server sends GET /teams/{t}/memberships/{t/bob}
    Then the request fails with 404 "team_not_found"
    When the server sends DELETE /teams/{t}
    Then the request fails with 404 "team_not_found"

  @id:teams-owner-only-writes @op:teams.updateName @op:teams.delete @op:teams.updatePrefs
  Scenario: Members who are not owners may read the team but not change it
    Given a signed-in user "alice"
    And a signed-in user "bob"
    And "alice" has created a team "t"
    And "bob" is a member of "t" with roles ["member"]
    When "bob" sends GET /teams/{t}
    Then the response status is 200
    And the response field "total" is 2
    When "bob" sends PUT /teams/{t} with:
      """
      {"name": "Bob's"}
      """
    Then the request fails with 401 "user_unauthorized"
    When "bob" sends PUT /teams/{t}/prefs with:
      """
      {"prefs": {"theme": "dark"}}
      """
    Then the request fails with 401 "user_unauthorized"
    When "bob" sends DELETE /teams/{t}
    Then the request fails with 401 "user_unauthorized"
    When "alice" sends DELETE /teams/{t}
    Then the response status is 204

  @id:teams-non-member-writes @op:teams.updateName @op:teams.delete
  Scenario: A user outside the team cannot find it to change it
    Given a signed-in user "alice"
    And a signed-in user "bob"
    And "alice" has created a team "t"
    When "bob" sends PUT /teams/{t} with:
      """
      {"name": "Bob's"}
      """
    Then the request fails with 404 "team_not_found"
    When "bob" sends DELETE /teams/{t}
    Then the request fails with 404 "team_not_found"

  @id:teams-prefs @op:teams.getPrefs @op:teams.updatePrefs @op:teams.get
  Scenario: The owner sets the team's preferences and members read them
    Given a signed-in user "alice"
    And a signed-in user "bob"
    And "alice" has created a team "t"
    And "bob" is a member of "t"
    When "alice" sends GET /teams/{t}/prefs
    Then the response status is 200
    And the response body matches:
      """
      {}
      """
    When "alice" sends PUT /teams/{t}/prefs with:
      """
      {"prefs": {"theme": "dark", "size": 3, "flags": {"beta": true}}}
      """
    Then the response status is 200
    And the response body matches:
      """
      {"theme": "dark", "size": 3, "flags": {"beta": true}}
      """
    When "bob" sends GET /teams/{t}/prefs
    Then the response field "theme" is "dark"
    When the server sends GET /teams/{t}
    Then the response field "prefs" is {"theme": "dark", "size": 3, "flags": {"beta": true}}

  @id:teams-prefs-errors @op:teams.getPrefs @op:teams.updatePrefs
  Scenario: Preferences of a team one cannot see, and preferences that are no object
    Given a signed-in user "alice"
    And a signed-in user "bob"
    And "alice" has created a team "t"
    When "bob" sends GET /teams/{t}/prefs
    Then the request fails with 404 "team_not_found"
    When "alice" sends PUT /teams/{t}/prefs with:
      """
      {"prefs": "dark"}
      """
    Then the request fails with 400 "general_argument_invalid"
    When "alice" sends PUT /teams/{t}/prefs with:
      """
      {}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:teams-guest-refused @op:teams.list @op:teams.create
  Scenario: Guests lack the teams scopes
    When a guest sends GET /teams
    Then the request fails with 401 "general_unauthorized_scope"
    When a guest sends POST /teams with:
      """
      {"teamId": "{new-id:t}", "name": "Nobody's"}
      """
    Then the request fails with 401 "general_unauthorized_scope"

  @id:teams-read-only-key @op:teams.list @op:teams.get @op:teams.create @op:teams.delete @needs:read-only-key
  Scenario: A key with teams.read lists and reads teams but cannot create or delete them
    Given a team "t"
    When a read-only key sends GET /teams
    Then the response status is 200
    When a read-only key sends GET /teams/{t}
    Then the response status is 200
    When a read-only key sends POST /teams with:
      """
      {"teamId": "{new-id:t}", "name": "Not allowed"}
      """
    Then the request fails with 401 "general_unauthorized_scope"
    When a read-only key sends DELETE /teams/{t}
    Then the request fails with 401 "general_unauthorized_scope"
