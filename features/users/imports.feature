@users @imports
Feature: Users imported with password hashes made elsewhere
  `POST /users/{argon2,bcrypt,md5,phpass,scrypt,scrypt-modified,sha}` import a user whose
  password was hashed by another system. The server keeps the hash as given, reports its
  algorithm in `hash` and its parameters in `hashOptions`, and lets the user sign in with the
  original password (`POST /account/sessions/email`); a wrong password is refused. The first
  sign-in replaces the imported hash with Appwrite's default, argon2. The suite computes every
  hash itself from a password it picks.

  @id:users-import-simple @op:users.createArgon2User @op:users.createBcryptUser @op:users.createMD5User @op:users.createPHPassUser
  Scenario Outline: A <algorithm> import signs in with the original password and not with another
    Given a password remembered as "pw" and its <algorithm> hash as "hash"
    And a new ID remembered as "u"
    When the server sends POST /users/<route> with:
      """
      {"userId": "{u}", "email": "{u}@conform.test", "password": "{hash}", "name": "Imported"}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"$id": "{u}", "hash": "<algorithm>", "hashOptions": <options>, "password": "{hash}"}
      """
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{u}@conform.test", "password": "not-{pw}"}
      """
    Then the request fails with 401 "user_invalid_credentials"
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{u}@conform.test", "password": "{pw}"}
      """
    Then the response status is 201
    And the response field "userId" is "{u}"

    Examples:
      | algorithm | route  | options                                                                    |
      | argon2    | argon2 | {"type": "argon2", "memoryCost": 19456, "timeCost": 2, "threads": 1}       |
      | bcrypt    | bcrypt | {"type": "bcrypt"}                                                         |
      | md5       | md5    | {"type": "md5"}                                                            |
      | phpass    | phpass | {"type": "phpass"}                                                         |

  @id:users-import-sha @op:users.createSHAUser
  Scenario Outline: A SHA import with passwordVersion <version> signs in with the original password
    Given a password remembered as "pw" and its <version> hash as "hash"
    And a new ID remembered as "u"
    When the server sends POST /users/sha with:
      """
      {"userId": "{u}", "email": "{u}@conform.test", "password": "{hash}", "passwordVersion": "<version>"}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"hash": "sha", "hashOptions": {"type": "sha"}}
      """
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{u}@conform.test", "password": "{pw}x"}
      """
    Then the request fails with 401 "user_invalid_credentials"
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{u}@conform.test", "password": "{pw}"}
      """
    Then the response status is 201

    Examples:
      | version    |
      | sha1       |
      | sha224     |
      | sha256     |
      | sha384     |
      | sha512/224 |
      | sha512/256 |
      | sha512     |
      | sha3-224   |
      | sha3-256   |
      | sha3-384   |
      | sha3-512   |

  @id:users-import-sha-default @op:users.createSHAUser
  Scenario: Without passwordVersion a SHA hash is taken as sha3-512, and an unknown version is refused
    Given a password remembered as "pw" and its sha3-512 hash as "hash"
    And a new ID remembered as "u"
    When the server sends POST /users/sha with:
      """
      {"userId": "{u}", "email": "{u}@conform.test", "password": "{hash}"}
      """
    Then the response status is 201
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{u}@conform.test", "password": "{pw}"}
      """
    Then the response status is 201
    When the server sends POST /users/sha with:
      """
      {"userId": "{new-id:v}", "email": "{new-id:v}@conform.test", "password": "{hash}", "passwordVersion": "sha0"}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:users-import-scrypt @op:users.createScryptUser
  Scenario: A scrypt import keeps its parameters and signs in with the original password
    Given a password remembered as "pw" and its scrypt hash with salt "pepper-salt", N 1024, r 8, p 1 and length 32 as "hash"
    And a new ID remembered as "u"
    When the server sends POST /users/scrypt with:
      """
      {"userId": "{u}", "email": "{u}@conform.test", "password": "{hash}", "passwordSalt": "pepper-salt",
       "passwordCpu": 1024, "passwordMemory": 8, "passwordParallel": 1, "passwordLength": 32}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"hash": "scrypt", "hashOptions": {"type": "scrypt", "costCpu": 1024, "costMemory": 8, "costParallel": 1, "length": 32}}
      """
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{u}@conform.test", "password": "{pw}!"}
      """
    Then the request fails with 401 "user_invalid_credentials"
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{u}@conform.test", "password": "{pw}"}
      """
    Then the response status is 201

  @id:users-import-scrypt-missing @op:users.createScryptUser
  Scenario: A scrypt import without its salt is refused
    When the server sends POST /users/scrypt with:
      """
      {"userId": "{new-id:u}", "email": "{new-id:u}@conform.test", "password": "0123456789abcdef",
       "passwordCpu": 1024, "passwordMemory": 8, "passwordParallel": 1, "passwordLength": 32}
      """
    Then the request fails with 400 "general_argument_invalid"

  @id:users-import-firebase @op:users.createScryptModifiedUser
  Scenario: A Firebase (scrypt-modified) import signs in with the original password
    Given a password remembered as "pw" and its Firebase scrypt hash with salt "UxLMreBr6tYyjQ==", separator "Bw==" and signer key "XyEKE9RcTDeLEsL/RjwPDBv/RqDl8fb3gpYEOQaPihbxf1ZAtSOHCjuAAa7Q3oHpCYhXSN9tizHgVOwn6krflQ==" as "hash"
    And a new ID remembered as "u"
    When the server sends POST /users/scrypt-modified with:
      """
      {"userId": "{u}", "email": "{u}@conform.test", "password": "{hash}", "passwordSalt": "UxLMreBr6tYyjQ==",
       "passwordSaltSeparator": "Bw==",
       "passwordSignerKey": "XyEKE9RcTDeLEsL/RjwPDBv/RqDl8fb3gpYEOQaPihbxf1ZAtSOHCjuAAa7Q3oHpCYhXSN9tizHgVOwn6krflQ=="}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"hash": "scryptMod", "hashOptions": {"type": "scryptMod", "salt": "UxLMreBr6tYyjQ==", "saltSeparator": "Bw==",
       "signerKey": "XyEKE9RcTDeLEsL/RjwPDBv/RqDl8fb3gpYEOQaPihbxf1ZAtSOHCjuAAa7Q3oHpCYhXSN9tizHgVOwn6krflQ=="}}
      """
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{u}@conform.test", "password": "{pw}-wrong"}
      """
    Then the request fails with 401 "user_invalid_credentials"
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{u}@conform.test", "password": "{pw}"}
      """
    Then the response status is 201

  @id:users-import-rehash @op:users.createMD5User @op:users.get
  Scenario: The first sign-in replaces an imported hash with argon2, and the password still works
    Given a password remembered as "pw" and its md5 hash as "hash"
    And a new ID remembered as "u"
    When the server sends POST /users/md5 with:
      """
      {"userId": "{u}", "email": "{u}@conform.test", "password": "{hash}"}
      """
    Then the response status is 201
    When a guest sends POST /account/sessions/email with:
      """
      {"email": "{u}@conform.test", "password": "{pw}"}
      """
    Then the response status is 201
    When the server sends GET /users/{u}
    Then the response field "hash" is "argon2"
    And the response field "hashOptions.type" is "argon2"
    And the response field "password" contains "$argon2"
    When the server sends DELETE /users/{u}/sessions
    And a guest sends POST /account/sessions/email with:
      """
      {"email": "{u}@conform.test", "password": "{pw}"}
      """
    Then the response status is 201

  @id:users-import-validation @op:users.createBcryptUser
  Scenario Outline: An import without <missing> is refused
    When the server sends POST /users/bcrypt with:
      """
      <body>
      """
    Then the request fails with 400 "general_argument_invalid"

    Examples:
      | missing     | body                                                                       |
      | an email    | {"userId": "{new-id:u}", "password": "$2b$04$abcdefghijklmnopqrstuu"}       |
      | a password  | {"userId": "{new-id:u}", "email": "{new-id:u}@conform.test"}                |
