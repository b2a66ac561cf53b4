@account
Feature: Creating and reading an account
  Anyone may sign up with POST /account: a guest holds the `sessions.write` scope.
  Reading the account needs the `account` scope, which only a signed-in user holds.
  The server never hands back a password.

  @id:account-create @op:account.create @ip-budget
  Scenario: A guest signs up with an email and a password
    When a guest sends POST /account with:
      """
      {"userId": "{new-id:signup}", "email": "{new-id:signup}@conform.test", "password": "password1234", "name": "Ada"}
      """
    Then the response status is 201
    And the response body matches:
      """
      {
        "$id": "<non-empty string>",
        "name": "Ada",
        "email": "<non-empty string>",
        "status": true,
        "emailVerification": false,
        "phoneVerification": false,
        "labels": [],
        "prefs": {},
        "registration": "<datetime>",
        "passwordUpdate": "<datetime>"
      }
      """
    And the response field "password" is "<absent>"

  @id:account-create-duplicate-email @op:account.create @ip-budget
  Scenario: An email can belong to one user only
    Given a user "alice"
    When a guest sends POST /account with:
      """
      {"userId": "unique()", "email": "{alice.email}", "password": "password1234"}
      """
    Then the request fails with 409 "user_already_exists"

  @id:account-create-invalid @op:account.create @ip-budget
  Scenario Outline: Sign-up input is validated (<case>)
    When a guest sends POST /account with:
      """
      <body>
      """
    Then the request fails with 400 "general_argument_invalid"

    Examples:
      | case              | body                                                                          |
      | malformed email   | {"userId": "unique()", "email": "not-an-email", "password": "password1234"}  |
      | password too short| {"userId": "unique()", "email": "{new-id:short}@conform.test", "password": "short"} |
      | missing email     | {"userId": "unique()", "password": "password1234"}                            |
      | missing password  | {"userId": "unique()", "email": "{new-id:nopw}@conform.test"}                 |

  @id:account-get @op:account.get
  Scenario: A signed-in user reads their own account
    Given a signed-in user "alice"
    When "alice" sends GET /account
    Then the response status is 200
    And the response body matches:
      """
      {"$id": "{alice.id}", "email": "{alice.email}", "name": "alice", "status": true}
      """
    And the response field "password" is "<absent>"

  @id:account-get-guest @op:account.get
  Scenario: A guest has no account to read
    When a guest sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"

  @id:account-get-bad-cookie @op:account.get
  Scenario: A forged session cookie counts as no session
    Given a signed-in user "alice"
    And the next request carries header "Cookie: a_session_{project}=forged-{new-id}"
    When a guest sends GET /account
    Then the request fails with 401 "general_unauthorized_scope"
