//! The Appwrite error catalogue (type, HTTP code, default message), generated once from
//! `shared/spec/errors.tsv` (Appwrite 1.9.6 `app/config/errors.php`). Services name errors by
//! these constants so the type string and code can never drift apart.

use crate::error::ErrorType;

pub const GENERAL_UNKNOWN: ErrorType =
    ErrorType { name: "general_unknown", code: 500, message: "An unknown error has occurred. Please check the logs for more information." };
pub const GENERAL_MOCK: ErrorType =
    ErrorType { name: "general_mock", code: 400, message: "General errors thrown by the mock controller used for testing." };
pub const GENERAL_ACCESS_FORBIDDEN: ErrorType =
    ErrorType { name: "general_access_forbidden", code: 401, message: "Access to this API is forbidden." };
pub const GENERAL_RESOURCE_BLOCKED: ErrorType =
    ErrorType { name: "general_resource_blocked", code: 403, message: "Access to this resource is blocked." };
pub const GENERAL_UNKNOWN_ORIGIN: ErrorType = ErrorType { name: "general_unknown_origin", code: 403, message: "The request originated from an unknown origin. If you trust this domain, please list it as a trusted platform in the Appwrite console." };
pub const GENERAL_API_DISABLED: ErrorType = ErrorType {
    name: "general_api_disabled",
    code: 403,
    message: "The requested API is disabled. You can enable the API from the Appwrite console.",
};
pub const GENERAL_SERVICE_DISABLED: ErrorType = ErrorType {
    name: "general_service_disabled",
    code: 403,
    message: "The requested service is disabled. You can enable the service from the Appwrite console.",
};
pub const GENERAL_UNAUTHORIZED_SCOPE: ErrorType = ErrorType {
    name: "general_unauthorized_scope",
    code: 401,
    message: "The current user or API key does not have the required scopes to access the requested resource.",
};
pub const GENERAL_RATE_LIMIT_EXCEEDED: ErrorType = ErrorType {
    name: "general_rate_limit_exceeded",
    code: 429,
    message: "Rate limit for the current endpoint has been exceeded. Please try again after some time.",
};
pub const GENERAL_SMTP_DISABLED: ErrorType = ErrorType { name: "general_smtp_disabled", code: 503, message: "SMTP is disabled on your Appwrite instance. You can <a href=\"/docs/email-delivery\">learn more about setting up SMTP</a> in our docs." };
pub const GENERAL_PHONE_DISABLED: ErrorType = ErrorType {
    name: "general_phone_disabled",
    code: 503,
    message: "Phone provider is not configured. Please check the _APP_SMS_PROVIDER environment variable of your Appwrite server.",
};
pub const GENERAL_ARGUMENT_INVALID: ErrorType = ErrorType {
    name: "general_argument_invalid",
    code: 400,
    message: "The request contains one or more invalid arguments. Please refer to the endpoint documentation.",
};
pub const GENERAL_ATTRIBUTE_QUERY_LIMIT_EXCEEDED: ErrorType =
    ErrorType { name: "general_attribute_query_limit_exceeded", code: 400, message: "Query limit exceeded for the current attribute." };
pub const GENERAL_COLUMN_QUERY_LIMIT_EXCEEDED: ErrorType =
    ErrorType { name: "general_column_query_limit_exceeded", code: 400, message: "Query limit exceeded for the current column." };
pub const GENERAL_QUERY_INVALID: ErrorType =
    ErrorType { name: "general_query_invalid", code: 400, message: "The query's syntax is invalid. Please check the query and try again." };
pub const GENERAL_ROUTE_NOT_FOUND: ErrorType = ErrorType { name: "general_route_not_found", code: 404, message: "Route not found. Please ensure the endpoint is configured correctly and that the API route is valid for this SDK version. Refer to the API docs for more details." };
pub const GENERAL_CURSOR_NOT_FOUND: ErrorType = ErrorType {
    name: "general_cursor_not_found",
    code: 400,
    message: "The cursor is invalid. This can happen if the item represented by the cursor has been deleted.",
};
pub const GENERAL_SERVER_ERROR: ErrorType =
    ErrorType { name: "general_server_error", code: 500, message: "An internal server error occurred." };
pub const GENERAL_PROTOCOL_UNSUPPORTED: ErrorType = ErrorType { name: "general_protocol_unsupported", code: 426, message: "The request cannot be fulfilled with the current protocol. Please check the value of the _APP_OPTIONS_FORCE_HTTPS environment variable." };
pub const GENERAL_CODES_DISABLED: ErrorType = ErrorType {
    name: "general_codes_disabled",
    code: 500,
    message: "Invitation codes are disabled on this server. Please contact the server administrator.",
};
pub const GENERAL_USAGE_DISABLED: ErrorType = ErrorType {
    name: "general_usage_disabled",
    code: 501,
    message: "Usage stats is not configured. Please check the value of the _APP_USAGE_STATS environment variable of your Appwrite server.",
};
pub const GENERAL_NOT_IMPLEMENTED: ErrorType = ErrorType {
    name: "general_not_implemented",
    code: 405,
    message: "This method was not fully implemented yet. If you believe this is a mistake, please upgrade your Appwrite server version.",
};
pub const GENERAL_INVALID_EMAIL: ErrorType =
    ErrorType { name: "general_invalid_email", code: 400, message: "Value must be a valid email address." };
pub const GENERAL_INVALID_PHONE: ErrorType = ErrorType {
    name: "general_invalid_phone",
    code: 400,
    message: "Value must be a valid phone number. Format this number with a leading '+' and a country code, e.g., +16175551212.",
};
pub const GENERAL_REGION_ACCESS_DENIED: ErrorType =
    ErrorType { name: "general_region_access_denied", code: 451, message: "Your location is not supported due to legal requirements." };
pub const GENERAL_BAD_REQUEST: ErrorType = ErrorType {
    name: "general_bad_request",
    code: 400,
    message: "There was an error processing your request. Please check the inputs and try again.",
};
pub const GENERAL_FEATURE_UNSUPPORTED: ErrorType =
    ErrorType { name: "general_feature_unsupported", code: 400, message: "This feature is not supported with your current configuration." };
pub const USER_COUNT_EXCEEDED: ErrorType = ErrorType {
    name: "user_count_exceeded",
    code: 400,
    message: "The current project has exceeded the maximum number of users. Please check your user limit in the Appwrite console.",
};
pub const USER_CONSOLE_COUNT_EXCEEDED: ErrorType = ErrorType { name: "user_console_count_exceeded", code: 501, message: "Sign up to the console is restricted. You can contact an administrator to update console sign up restrictions by setting _APP_CONSOLE_WHITELIST_ROOT to \"disabled\"." };
pub const USER_JWT_INVALID: ErrorType = ErrorType {
    name: "user_jwt_invalid",
    code: 401,
    message: "The JWT token is invalid. Please check the value of the X-Appwrite-JWT header to ensure the correct token is being used.",
};
pub const USER_ALREADY_EXISTS: ErrorType = ErrorType {
    name: "user_already_exists",
    code: 409,
    message: "A user with the same id, email, or phone already exists in this project.",
};
pub const USER_BLOCKED: ErrorType = ErrorType { name: "user_blocked", code: 403, message: "The current user has been blocked." };
pub const USER_INVALID_TOKEN: ErrorType =
    ErrorType { name: "user_invalid_token", code: 401, message: "Invalid token passed in the request." };
pub const USER_PASSWORD_RESET_REQUIRED: ErrorType =
    ErrorType { name: "user_password_reset_required", code: 412, message: "The current user requires a password reset." };
pub const USER_EMAIL_NOT_WHITELISTED: ErrorType = ErrorType {
    name: "user_email_not_whitelisted",
    code: 401,
    message: "Console registration is restricted to specific emails. Contact your administrator for more information.",
};
pub const USER_INVALID_CODE: ErrorType = ErrorType {
    name: "user_invalid_code",
    code: 401,
    message: "The specified code is not valid. Contact your administrator for more information.",
};
pub const USER_IP_NOT_WHITELISTED: ErrorType = ErrorType {
    name: "user_ip_not_whitelisted",
    code: 401,
    message: "Console registration is restricted to specific IPs. Contact your administrator for more information.",
};
pub const USER_INVALID_CREDENTIALS: ErrorType =
    ErrorType { name: "user_invalid_credentials", code: 401, message: "Invalid credentials. Please check the email and password." };
pub const USER_ANONYMOUS_CONSOLE_PROHIBITED: ErrorType = ErrorType {
    name: "user_anonymous_console_prohibited",
    code: 401,
    message: "Anonymous users cannot be created for the console project.",
};
pub const USER_SESSION_ALREADY_EXISTS: ErrorType =
    ErrorType { name: "user_session_already_exists", code: 401, message: "Creation of a session is prohibited when a session is active." };
pub const USER_NOT_FOUND: ErrorType =
    ErrorType { name: "user_not_found", code: 404, message: "User with the requested ID could not be found." };
pub const USER_EMAIL_NOT_FOUND: ErrorType =
    ErrorType { name: "user_email_not_found", code: 400, message: "User email could not be found." };
pub const USER_EMAIL_ALREADY_EXISTS: ErrorType = ErrorType {
    name: "user_email_already_exists",
    code: 409,
    message: "A user with the same email already exists in the current project.",
};
pub const USER_EMAIL_DISPOSABLE: ErrorType = ErrorType {
    name: "user_email_disposable",
    code: 400,
    message: "Disposable email addresses are not allowed. Please use a permanent email address.",
};
pub const USER_EMAIL_FREE: ErrorType = ErrorType {
    name: "user_email_free",
    code: 400,
    message: "Free email addresses are not allowed. Please use a business or custom-domain email address.",
};
pub const USER_EMAIL_NOT_CANONICAL: ErrorType = ErrorType { name: "user_email_not_canonical", code: 400, message: "This email address must already be in its canonical form. Please remove aliases, tags, or provider-specific variations and try again." };
pub const USER_EMAIL_NOT_CORPORATE: ErrorType = ErrorType {
    name: "user_email_not_corporate",
    code: 400,
    message: "Only corporate email addresses are allowed. Please use a work email address and try again.",
};
pub const USER_PASSWORD_MISMATCH: ErrorType = ErrorType {
    name: "user_password_mismatch",
    code: 400,
    message: "Passwords do not match. Please check the password and confirm password.",
};
pub const PASSWORD_RECENTLY_USED: ErrorType = ErrorType { name: "password_recently_used", code: 400, message: "The password you are trying to use is similar to your previous password. For your security, please choose a different password and try again." };
pub const PASSWORD_PERSONAL_DATA: ErrorType = ErrorType { name: "password_personal_data", code: 400, message: "The password you are trying to use contains references to your name, email, phone or userID. For your security, please choose a different password and try again." };
pub const USER_SESSION_NOT_FOUND: ErrorType =
    ErrorType { name: "user_session_not_found", code: 404, message: "The current user session could not be found." };
pub const USER_IDENTITY_NOT_FOUND: ErrorType = ErrorType {
    name: "user_identity_not_found",
    code: 404,
    message: "The identity could not be found. Please sign in with OAuth provider to create identity first.",
};
pub const USER_UNAUTHORIZED: ErrorType =
    ErrorType { name: "user_unauthorized", code: 401, message: "The current user is not authorized to perform the requested action." };
pub const USER_AUTH_METHOD_UNSUPPORTED: ErrorType = ErrorType { name: "user_auth_method_unsupported", code: 501, message: "The requested authentication method is either disabled or unsupported. Please check the supported authentication methods in the Appwrite console." };
pub const USER_PHONE_ALREADY_EXISTS: ErrorType = ErrorType {
    name: "user_phone_already_exists",
    code: 409,
    message: "A user with the same phone number already exists in the current project.",
};
pub const USER_RECOVERY_CODES_ALREADY_EXISTS: ErrorType = ErrorType {
    name: "user_recovery_codes_already_exists",
    code: 409,
    message: "The current user already generated recovery codes and they can only be read once for security reasons.",
};
pub const USER_AUTHENTICATOR_NOT_FOUND: ErrorType =
    ErrorType { name: "user_authenticator_not_found", code: 404, message: "Authenticator could not be found on the current user." };
pub const USER_RECOVERY_CODES_NOT_FOUND: ErrorType =
    ErrorType { name: "user_recovery_codes_not_found", code: 404, message: "Recovery codes could not be found on the current user." };
pub const USER_AUTHENTICATOR_ALREADY_VERIFIED: ErrorType = ErrorType {
    name: "user_authenticator_already_verified",
    code: 409,
    message: "This authenticator is already verified on the current user.",
};
pub const USER_PHONE_NOT_FOUND: ErrorType = ErrorType {
    name: "user_phone_not_found",
    code: 400,
    message: "The current user does not have a phone number associated with their account.",
};
pub const USER_MISSING_ID: ErrorType = ErrorType { name: "user_missing_id", code: 400, message: "Missing ID from OAuth2 provider." };
pub const USER_MORE_FACTORS_REQUIRED: ErrorType =
    ErrorType { name: "user_more_factors_required", code: 401, message: "More factors are required to complete the sign in process." };
pub const USER_CHALLENGE_REQUIRED: ErrorType = ErrorType {
    name: "user_challenge_required",
    code: 401,
    message: "A recently successful challenge is required to complete this action. A challenge is considered recent for 5 minutes.",
};
pub const USER_OAUTH2_BAD_REQUEST: ErrorType =
    ErrorType { name: "user_oauth2_bad_request", code: 400, message: "OAuth2 provider rejected the bad request." };
pub const USER_OAUTH2_UNAUTHORIZED: ErrorType =
    ErrorType { name: "user_oauth2_unauthorized", code: 401, message: "OAuth2 provider rejected the unauthorized request." };
pub const USER_OAUTH2_PROVIDER_ERROR: ErrorType =
    ErrorType { name: "user_oauth2_provider_error", code: 424, message: "OAuth2 provider returned some error." };
pub const USER_EMAIL_NOT_VERIFIED: ErrorType =
    ErrorType { name: "user_email_not_verified", code: 400, message: "User email is not verified" };
pub const USER_EMAIL_ALREADY_VERIFIED: ErrorType =
    ErrorType { name: "user_email_already_verified", code: 409, message: "User email is already verified" };
pub const USER_PHONE_NOT_VERIFIED: ErrorType =
    ErrorType { name: "user_phone_not_verified", code: 400, message: "User phone is not verified" };
pub const USER_PHONE_ALREADY_VERIFIED: ErrorType =
    ErrorType { name: "user_phone_already_verified", code: 409, message: "User phone is already verified" };
pub const USER_DELETION_PROHIBITED: ErrorType = ErrorType { name: "user_deletion_prohibited", code: 400, message: "User deletion is not allowed for users with active memberships. Please delete all confirmed memberships before deleting the account." };
pub const USER_TARGET_NOT_FOUND: ErrorType =
    ErrorType { name: "user_target_not_found", code: 404, message: "The target could not be found." };
pub const USER_TARGET_ALREADY_EXISTS: ErrorType =
    ErrorType { name: "user_target_already_exists", code: 409, message: "A target with the same ID already exists." };
pub const USER_API_KEY_AND_SESSION_SET: ErrorType = ErrorType { name: "user_api_key_and_session_set", code: 403, message: "API key and session used in the same request. Use either `setSession` or `setKey`. Learn about which authentication method to use in the SSR docs: https://appwrite.io/docs/products/auth/server-side-rendering" };
pub const USER_JWT_AND_COOKIE_SET: ErrorType = ErrorType { name: "user_jwt_and_cookie_set", code: 403, message: "JWT and cookie used in the same request. Use either `setJWT` or `setCookie`. Learn about which authentication method to use in the SSR docs: https://appwrite.io/docs/products/auth/server-side-rendering" };
pub const API_KEY_EXPIRED: ErrorType = ErrorType {
    name: "api_key_expired",
    code: 401,
    message: "The ephemeral API key has expired. Please don't use ephemeral API keys for more than duration of the execution.",
};
pub const TEAM_NOT_FOUND: ErrorType =
    ErrorType { name: "team_not_found", code: 404, message: "Team with the requested ID could not be found." };
pub const TEAM_INVITE_NOT_FOUND: ErrorType =
    ErrorType { name: "team_invite_not_found", code: 404, message: "The requested team invitation could not be found." };
pub const TEAM_INVALID_SECRET: ErrorType = ErrorType {
    name: "team_invalid_secret",
    code: 401,
    message: "The team invitation secret is invalid. Please request a new invitation and try again.",
};
pub const TEAM_MEMBERSHIP_MISMATCH: ErrorType =
    ErrorType { name: "team_membership_mismatch", code: 404, message: "The membership ID does not belong to the team ID." };
pub const TEAM_INVITE_MISMATCH: ErrorType =
    ErrorType { name: "team_invite_mismatch", code: 401, message: "The invite does not belong to the current user." };
pub const TEAM_ALREADY_EXISTS: ErrorType = ErrorType {
    name: "team_already_exists",
    code: 409,
    message: "Team with requested ID already exists. Please choose a different ID and try again.",
};
pub const RESOURCE_ALREADY_EXISTS: ErrorType = ErrorType {
    name: "resource_already_exists",
    code: 409,
    message: "Resource with the requested ID already exists. Please choose a different ID and try again.",
};
pub const MEMBERSHIP_NOT_FOUND: ErrorType =
    ErrorType { name: "membership_not_found", code: 404, message: "Membership with the requested ID could not be found." };
pub const MEMBERSHIP_ALREADY_CONFIRMED: ErrorType =
    ErrorType { name: "membership_already_confirmed", code: 409, message: "Membership is already confirmed." };
pub const MEMBERSHIP_DELETION_PROHIBITED: ErrorType =
    ErrorType { name: "membership_deletion_prohibited", code: 400, message: "Membership deletion is prohibited." };
pub const MEMBERSHIP_DOWNGRADE_PROHIBITED: ErrorType =
    ErrorType { name: "membership_downgrade_prohibited", code: 400, message: "Membership role downgrade is prohibited." };
pub const STORAGE_FILE_ALREADY_EXISTS: ErrorType =
    ErrorType { name: "storage_file_already_exists", code: 409, message: "A storage file with the requested ID already exists." };
pub const STORAGE_FILE_NOT_FOUND: ErrorType =
    ErrorType { name: "storage_file_not_found", code: 404, message: "The requested file could not be found." };
pub const STORAGE_DEVICE_NOT_FOUND: ErrorType =
    ErrorType { name: "storage_device_not_found", code: 400, message: "The requested storage device could not be found." };
pub const STORAGE_FILE_EMPTY: ErrorType =
    ErrorType { name: "storage_file_empty", code: 400, message: "Empty file passed to the endpoint." };
pub const STORAGE_FILE_TYPE_UNSUPPORTED: ErrorType =
    ErrorType { name: "storage_file_type_unsupported", code: 400, message: "The given file extension is not supported." };
pub const STORAGE_INVALID_FILE_SIZE: ErrorType = ErrorType { name: "storage_invalid_file_size", code: 400, message: "The file size is either not valid or exceeds the maximum allowed size. Please check the file or the value of the _APP_STORAGE_LIMIT environment variable." };
pub const STORAGE_INVALID_FILE: ErrorType =
    ErrorType { name: "storage_invalid_file", code: 403, message: "The uploaded file is invalid. Please check the file and try again." };
pub const STORAGE_BUCKET_ALREADY_EXISTS: ErrorType = ErrorType {
    name: "storage_bucket_already_exists",
    code: 409,
    message:
        "A storage bucket with the requested ID already exists. Try again with a different ID or use ID.unique() to generate a unique ID.",
};
pub const STORAGE_BUCKET_NOT_FOUND: ErrorType =
    ErrorType { name: "storage_bucket_not_found", code: 404, message: "Storage bucket with the requested ID could not be found." };
pub const STORAGE_INVALID_CONTENT_RANGE: ErrorType = ErrorType {
    name: "storage_invalid_content_range",
    code: 400,
    message: "The content range is invalid. Please check the value of the Content-Range header.",
};
pub const STORAGE_INVALID_RANGE: ErrorType = ErrorType {
    name: "storage_invalid_range",
    code: 416,
    message: "The requested range is not satisfiable. Please check the value of the Range header.",
};
pub const STORAGE_INVALID_APPWRITE_ID: ErrorType = ErrorType {
    name: "storage_invalid_appwrite_id",
    code: 400,
    message:
        "The value for x-appwrite-id header is invalid. Please check the value of the x-appwrite-id header is a valid id and not unique().",
};
pub const STORAGE_FILE_NOT_PUBLIC: ErrorType =
    ErrorType { name: "storage_file_not_public", code: 403, message: "The requested file is not publicly readable." };
pub const STORAGE_BUCKET_TRANSFORMATIONS_DISABLED: ErrorType = ErrorType {
    name: "storage_bucket_transformations_disabled",
    code: 403,
    message: "Image transformations are disabled for the requested bucket.",
};
pub const TOKEN_NOT_FOUND: ErrorType =
    ErrorType { name: "token_not_found", code: 404, message: "The requested file token could not be found." };
pub const TOKEN_EXPIRED: ErrorType = ErrorType { name: "token_expired", code: 401, message: "The requested file token has expired." };
pub const TOKEN_RESOURCE_TYPE_INVALID: ErrorType =
    ErrorType { name: "token_resource_type_invalid", code: 400, message: "The resource type for the token is invalid." };
pub const GENERAL_PROVIDER_FAILURE: ErrorType = ErrorType { name: "general_provider_failure", code: 400, message: "VCS (Version Control System) provider failed to process the request. We believe this is an error with the VCS provider. Try again, or contact support for more information." };
pub const DATABASE_NOT_FOUND: ErrorType =
    ErrorType { name: "database_not_found", code: 404, message: "Database with the requested ID '%s' could not be found." };
pub const DATABASE_ALREADY_EXISTS: ErrorType = ErrorType {
    name: "database_already_exists",
    code: 409,
    message:
        "Database with the requested ID '%s' already exists. Try again with a different ID or use ID.unique() to generate a unique ID.",
};
pub const DATABASE_TIMEOUT: ErrorType =
    ErrorType { name: "database_timeout", code: 408, message: "Database timed out. Try adjusting your queries or adding an index." };
pub const DATABASE_QUERY_ORDER_NULL: ErrorType = ErrorType { name: "database_query_order_null", code: 400, message: "The order attribute/column had a null value. Cursor pagination requires all documents/rows order attribute/column values are non-null." };
pub const COLLECTION_NOT_FOUND: ErrorType =
    ErrorType { name: "collection_not_found", code: 404, message: "Collection with the requested ID '%s' could not be found." };
pub const COLLECTION_ALREADY_EXISTS: ErrorType = ErrorType {
    name: "collection_already_exists",
    code: 409,
    message:
        "A collection with the requested ID '%s' already exists. Try again with a different ID or use ID.unique() to generate a unique ID.",
};
pub const COLLECTION_LIMIT_EXCEEDED: ErrorType = ErrorType {
    name: "collection_limit_exceeded",
    code: 400,
    message: "The maximum number of collections for database '%s' has been reached.",
};
pub const TABLE_NOT_FOUND: ErrorType =
    ErrorType { name: "table_not_found", code: 404, message: "Table with the requested ID '%s' could not be found." };
pub const TABLE_ALREADY_EXISTS: ErrorType = ErrorType {
    name: "table_already_exists",
    code: 409,
    message: "A table with the requested ID '%s' already exists. Try again with a different ID or use ID.unique() to generate a unique ID.",
};
pub const TABLE_LIMIT_EXCEEDED: ErrorType =
    ErrorType { name: "table_limit_exceeded", code: 400, message: "The maximum number of tables for database '%s' has been reached." };
pub const DOCUMENT_NOT_FOUND: ErrorType =
    ErrorType { name: "document_not_found", code: 404, message: "Document with the requested ID '%s' could not be found." };
pub const DOCUMENT_INVALID_STRUCTURE: ErrorType = ErrorType {
    name: "document_invalid_structure",
    code: 400,
    message: "The document structure is invalid. Please ensure the attributes match the collection definition.",
};
pub const DOCUMENT_MISSING_DATA: ErrorType =
    ErrorType { name: "document_missing_data", code: 400, message: "The document data is missing. Try again with document data populated" };
pub const DOCUMENT_MISSING_PAYLOAD: ErrorType = ErrorType {
    name: "document_missing_payload",
    code: 400,
    message: "The document data and permissions are missing. You must provide either document data or permissions to be updated.",
};
pub const DOCUMENT_ALREADY_EXISTS: ErrorType = ErrorType {
    name: "document_already_exists",
    code: 409,
    message:
        "Document with the requested ID '%s' already exists. Try again with a different ID or use ID.unique() to generate a unique ID.",
};
pub const DOCUMENT_UPDATE_CONFLICT: ErrorType =
    ErrorType { name: "document_update_conflict", code: 409, message: "Remote document is newer than local." };
pub const DOCUMENT_DELETE_RESTRICTED: ErrorType = ErrorType {
    name: "document_delete_restricted",
    code: 403,
    message: "Document cannot be deleted because it is referenced by another document.",
};
pub const ROW_NOT_FOUND: ErrorType =
    ErrorType { name: "row_not_found", code: 404, message: "Row with the requested ID '%s' could not be found." };
pub const ROW_INVALID_STRUCTURE: ErrorType = ErrorType {
    name: "row_invalid_structure",
    code: 400,
    message: "The row structure is invalid. Please ensure the columns match the table definition.",
};
pub const ROW_MISSING_DATA: ErrorType =
    ErrorType { name: "row_missing_data", code: 400, message: "The row data is missing. Try again with row data populated." };
pub const ROW_MISSING_PAYLOAD: ErrorType = ErrorType {
    name: "row_missing_payload",
    code: 400,
    message: "The row data and permissions are missing. You must provide either row data or permissions to be updated.",
};
pub const ROW_ALREADY_EXISTS: ErrorType = ErrorType {
    name: "row_already_exists",
    code: 409,
    message: "Row with the requested ID '%s' already exists. Try again with a different ID or use ID.unique() to generate a unique ID.",
};
pub const ROW_UPDATE_CONFLICT: ErrorType = ErrorType { name: "row_update_conflict", code: 409, message: "Remote row is newer than local." };
pub const ROW_DELETE_RESTRICTED: ErrorType =
    ErrorType { name: "row_delete_restricted", code: 403, message: "Row cannot be deleted because it is referenced by another row." };
pub const ATTRIBUTE_NOT_FOUND: ErrorType =
    ErrorType { name: "attribute_not_found", code: 404, message: "Attribute with the requested key '%s' could not be found." };
pub const ATTRIBUTE_UNKNOWN: ErrorType = ErrorType {
    name: "attribute_unknown",
    code: 400,
    message: "The attribute '%s' required for the index could not be found. Please confirm all your attributes are in the available state.",
};
pub const ATTRIBUTE_NOT_AVAILABLE: ErrorType = ErrorType {
    name: "attribute_not_available",
    code: 400,
    message: "The requested attribute '%s' is not yet available. Please try again later.",
};
pub const ATTRIBUTE_FORMAT_UNSUPPORTED: ErrorType =
    ErrorType { name: "attribute_format_unsupported", code: 400, message: "The requested attribute format is not supported." };
pub const ATTRIBUTE_DEFAULT_UNSUPPORTED: ErrorType = ErrorType {
    name: "attribute_default_unsupported",
    code: 400,
    message: "Default values cannot be set for array or required attributes.",
};
pub const ATTRIBUTE_ALREADY_EXISTS: ErrorType = ErrorType {
    name: "attribute_already_exists",
    code: 409,
    message: "Attribute with the requested key '%s' already exists. Attribute keys must be unique, try again with a different key.",
};
pub const ATTRIBUTE_LIMIT_EXCEEDED: ErrorType = ErrorType {
    name: "attribute_limit_exceeded",
    code: 400,
    message: "The maximum number or size of attributes for collection '%s' has been reached.",
};
pub const ATTRIBUTE_VALUE_INVALID: ErrorType = ErrorType {
    name: "attribute_value_invalid",
    code: 400,
    message: "The attribute value is invalid. Please check the type, range and value of the attribute.",
};
pub const ATTRIBUTE_TYPE_INVALID: ErrorType =
    ErrorType { name: "attribute_type_invalid", code: 400, message: "The attribute '%s' type is invalid." };
pub const ATTRIBUTE_INVALID_RESIZE: ErrorType = ErrorType {
    name: "attribute_invalid_resize",
    code: 400,
    message: "Existing data is too large for new size, truncate your existing data then try again.",
};
pub const ATTRIBUTE_TYPE_NOT_SUPPORTED: ErrorType =
    ErrorType { name: "ATTRIBUTE_TYPE_NOT_SUPPORTED", code: 400, message: "Attribute type '%s' is not supported." };
pub const RELATIONSHIP_VALUE_INVALID: ErrorType =
    ErrorType { name: "relationship_value_invalid", code: 400, message: "The relationship value is invalid." };
pub const COLUMN_NOT_FOUND: ErrorType =
    ErrorType { name: "column_not_found", code: 404, message: "Column with the requested key '%s' could not be found." };
pub const COLUMN_UNKNOWN: ErrorType = ErrorType {
    name: "column_unknown",
    code: 400,
    message: "The column '%s' required for the index could not be found. Please confirm all your columns are in the available state.",
};
pub const COLUMN_NOT_AVAILABLE: ErrorType = ErrorType {
    name: "column_not_available",
    code: 400,
    message: "The requested column '%s' is not yet available. Please try again later.",
};
pub const COLUMN_FORMAT_UNSUPPORTED: ErrorType =
    ErrorType { name: "column_format_unsupported", code: 400, message: "The requested column format is not supported." };
pub const COLUMN_DEFAULT_UNSUPPORTED: ErrorType =
    ErrorType { name: "column_default_unsupported", code: 400, message: "Default values cannot be set for array or required columns." };
pub const COLUMN_ALREADY_EXISTS: ErrorType = ErrorType {
    name: "column_already_exists",
    code: 409,
    message: "Column with the requested key '%s' already exists. Column keys must be unique, try again with a different key.",
};
pub const COLUMN_LIMIT_EXCEEDED: ErrorType = ErrorType {
    name: "column_limit_exceeded",
    code: 400,
    message: "The maximum number or size of columns for table '%s' has been reached.",
};
pub const COLUMN_VALUE_INVALID: ErrorType = ErrorType {
    name: "column_value_invalid",
    code: 400,
    message: "The column value is invalid. Please check the type, range and value of the column.",
};
pub const COLUMN_TYPE_INVALID: ErrorType =
    ErrorType { name: "column_type_invalid", code: 400, message: "The column '%s' type is invalid." };
pub const COLUMN_INVALID_RESIZE: ErrorType = ErrorType {
    name: "column_invalid_resize",
    code: 400,
    message: "Existing data is too large for new size, truncate your existing data then try again.",
};
pub const COLUMN_TYPE_NOT_SUPPORTED: ErrorType =
    ErrorType { name: "COLUMN_TYPE_NOT_SUPPORTED", code: 400, message: "Column type '%s' is not supported." };
pub const INDEX_NOT_FOUND: ErrorType =
    ErrorType { name: "index_not_found", code: 404, message: "Index with the requested key '%s' could not be found." };
pub const INDEX_LIMIT_EXCEEDED: ErrorType =
    ErrorType { name: "index_limit_exceeded", code: 400, message: "The maximum number of indexes for collection '%s' has been reached." };
pub const INDEX_ALREADY_EXISTS: ErrorType = ErrorType {
    name: "index_already_exists",
    code: 409,
    message: "Index with the requested key '%s' already exists. Try again with a different key.",
};
pub const INDEX_INVALID: ErrorType = ErrorType { name: "index_invalid", code: 400, message: "Index invalid." };
pub const INDEX_DEPENDENCY: ErrorType = ErrorType {
    name: "index_dependency",
    code: 409,
    message: "Attribute '%s' cannot be renamed or deleted. Please remove the associated index first.",
};
pub const COLUMN_INDEX_NOT_FOUND: ErrorType =
    ErrorType { name: "column_index_not_found", code: 404, message: "Index with the requested key '%s' could not be found." };
pub const COLUMN_INDEX_LIMIT_EXCEEDED: ErrorType =
    ErrorType { name: "column_index_limit_exceeded", code: 400, message: "The maximum number of indexes for table '%s' has been reached." };
pub const COLUMN_INDEX_ALREADY_EXISTS: ErrorType = ErrorType {
    name: "column_index_already_exists",
    code: 409,
    message: "Index with the requested key '%s' already exists. Try again with a different key.",
};
pub const COLUMN_INDEX_INVALID: ErrorType = ErrorType { name: "column_index_invalid", code: 400, message: "Index invalid." };
pub const COLUMN_INDEX_DEPENDENCY: ErrorType = ErrorType {
    name: "column_index_dependency",
    code: 409,
    message: "Column '%s' cannot be renamed or deleted. Please remove the associated index first.",
};
pub const TRANSACTION_NOT_FOUND: ErrorType =
    ErrorType { name: "transaction_not_found", code: 404, message: "Transaction with the requested ID '%s' could not be found." };
pub const TRANSACTION_ALREADY_EXISTS: ErrorType = ErrorType {
    name: "transaction_already_exists",
    code: 409,
    message:
        "Transaction with the requested ID '%s' already exists. Try again with a different ID or use ID.unique() to generate a unique ID.",
};
pub const TRANSACTION_INVALID: ErrorType = ErrorType {
    name: "transaction_invalid",
    code: 400,
    message: "The transaction is invalid. Please check the transaction state and try again.",
};
pub const TRANSACTION_FAILED: ErrorType = ErrorType {
    name: "transaction_failed",
    code: 400,
    message: "The transaction has errored. Please check the transaction data and try again.",
};
pub const TRANSACTION_EXPIRED: ErrorType = ErrorType {
    name: "transaction_expired",
    code: 410,
    message: "The transaction has expired. Please create a new transaction and try again.",
};
pub const TRANSACTION_CONFLICT: ErrorType = ErrorType {
    name: "transaction_conflict",
    code: 409,
    message: "The transaction has a conflict. Please resolve the conflict and try again.",
};
pub const TRANSACTION_LIMIT_EXCEEDED: ErrorType = ErrorType {
    name: "transaction_limit_exceeded",
    code: 400,
    message: "The maximum number of operations per transaction has been exceeded.",
};
pub const TRANSACTION_NOT_READY: ErrorType =
    ErrorType { name: "transaction_not_ready", code: 400, message: "The transaction is not ready yet. Please try again later." };
pub const PROJECT_NOT_FOUND: ErrorType = ErrorType { name: "project_not_found", code: 404, message: "Project with the requested ID could not be found. Please check the value of the X-Appwrite-Project header to ensure the correct project ID is being used." };
pub const PROJECT_KEY_EXPIRED: ErrorType = ErrorType {
    name: "project_key_expired",
    code: 401,
    message: "The project key has expired. Please generate a new key using the Appwrite console.",
};
pub const ACCOUNT_KEY_EXPIRED: ErrorType = ErrorType {
    name: "account_key_expired",
    code: 401,
    message: "The account API key has expired. Please generate a new key using the Appwrite console.",
};
pub const KEY_NOT_FOUND: ErrorType =
    ErrorType { name: "key_not_found", code: 404, message: "Key with the requested ID could not be found." };
pub const PROJECT_ID_MISSING: ErrorType = ErrorType {
    name: "project_id_missing",
    code: 403,
    message: "When using project API key, make sure to pass x-appwrite-project header with your project ID.",
};
