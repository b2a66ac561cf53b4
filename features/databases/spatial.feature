@databases
Feature: Spatial attributes and queries
  Point, line and polygon attributes hold geometries as coordinates in degrees, longitude
  first: a point is `[x, y]`, a line `[[x, y], …]` (two points at least), a polygon a list of
  rings `[[[x, y], …], …]` (the first the outline, any others holes), each ring closed (its
  last point repeats its first) and four points long at least. Longitudes lie in -180..180,
  latitudes in -90..90. They are never arrays, and a spatial index needs a required one.

  Queries compare a stored geometry with the one the query carries: `equal`, `contains`,
  `intersects`, `crosses`, `overlaps`, `touches` and their negations (`notEqual`,
  `notContains`, …), and distances: `distanceEqual`, `distanceNotEqual`,
  `distanceGreaterThan`, `distanceLessThan`, whose value is `[geometry, distance, metres]`.
  Without metres a distance is measured on the plane, in degrees; with metres (points only)
  along the Earth's surface. The geometries below are small enough to check by hand.

  @id:spatial-point-lifecycle @op:databases.createPointAttribute @op:databases.createDocument @op:databases.getDocument @op:databases.updateDocument
  Scenario: A point attribute stores and returns its coordinates
    Given a collection "places"
    When the server sends POST /databases/{db}/collections/{places}/attributes/point with:
      """
      {"key": "location", "required": true}
      """
    Then the response status is 202
    And the response body matches:
      """
      {"key": "location", "type": "point", "required": true, "array": false, "default": null, "status": "processing"}
      """
    And the attribute "location" of "places" becomes available
    When the server sends POST /databases/{db}/collections/{places}/documents with:
      """
      {"documentId": "nyc", "data": {"location": [40.7128, -74.006]}}
      """
    Then the response status is 201
    And the response field "location" is [40.7128, -74.006]
    When the server sends PATCH /databases/{db}/collections/{places}/documents/nyc with:
      """
      {"data": {"location": [40.7589, -73.9851]}}
      """
    Then the response status is 200
    When the server sends GET /databases/{db}/collections/{places}/documents/nyc
    Then the response field "location" is [40.7589, -73.9851]
    When the server sends POST /databases/{db}/collections/{places}/documents with:
      """
      {"documentId": "nowhere", "data": {"location": null}}
      """
    Then the request fails with 400 "document_invalid_structure"

  @id:spatial-line-polygon-create @op:databases.createLineAttribute @op:databases.createPolygonAttribute @op:databases.listAttributes
  Scenario: Line and polygon attributes are created with their types
    Given a collection "maps"
    When the server sends POST /databases/{db}/collections/{maps}/attributes/line with:
      """
      {"key": "route", "required": false, "default": [[0, 0], [1, 1]]}
      """
    Then the response status is 202
    And the response body matches:
      """
      {"key": "route", "type": "linestring", "default": [[0, 0], [1, 1]]}
      """
    When the server sends POST /databases/{db}/collections/{maps}/attributes/polygon with:
      """
      {"key": "area", "required": true}
      """
    Then the response status is 202
    And the attribute "area" of "maps" becomes available
    When the server sends GET /databases/{db}/collections/{maps}/attributes
    Then the response body matches:
      """
      {"total": 2, "attributes": [{"key": "route", "type": "linestring"}, {"key": "area", "type": "polygon"}]}
      """
    When the server sends POST /databases/{db}/collections/{maps}/documents with:
      """
      {"documentId": "m1", "data": {"area": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]}}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"area": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]], "route": [[0, 0], [1, 1]]}
      """

  @id:spatial-invalid-values @op:databases.createPointAttribute @op:databases.createLineAttribute @op:databases.createPolygonAttribute @op:databases.createDocument
  Scenario Outline: A <attribute> that is <problem> is refused
    Given a collection "maps"
    And "maps" has the attributes:
      | type    | key  | options |
      | point   | spot |         |
      | line    | path |         |
      | polygon | zone |         |
    When the server sends POST /databases/{db}/collections/{maps}/documents with:
      """
      {"documentId": "bad", "data": {"<attribute>": <value>}}
      """
    Then the request fails with 400 "document_invalid_structure"
    And the response field "message" contains "<says>"

    Examples:
      | attribute | problem                      | value                                        | says                                             |
      | spot      | past longitude 180           | [180.5, 0]                                   | Longitude (x) must be between -180 and 180        |
      | spot      | past latitude 90             | [0, -90.5]                                   | Latitude (y) must be between -90 and 90           |
      | spot      | three numbers                | [1, 2, 3]                                    | Point must be an array of two numeric values      |
      | spot      | text                         | "here"                                       | Value must be a valid point                       |
      | path      | a single point               | [[0, 0]]                                     | LineString must contain at least two points       |
      | path      | out of range                 | [[0, 0], [0, 91]]                            | Invalid coordinates at point #1                   |
      | zone      | a ring of three points       | [[[0, 0], [10, 0], [0, 0]]]                  | Ring #0 must contain at least 4 points            |
      | zone      | a ring not closed            | [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 1]]] | Ring #0 must be closed                          |
      | zone      | a hole not closed            | [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[2, 2], [4, 2], [4, 4], [2, 3]]] | Ring #1 must be closed |
      | zone      | out of range                 | [[[0, 0], [190, 0], [10, 10], [0, 0]]]       | Invalid coordinates at point #1 in ring #0        |

  @id:spatial-defaults @op:databases.createPointAttribute @op:databases.createPolygonAttribute
  Scenario: A spatial default must be a valid geometry, and a required attribute takes none
    Given a collection "maps"
    When the server sends POST /databases/{db}/collections/{maps}/attributes/point with:
      """
      {"key": "spot", "required": false, "default": [200, 0]}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends POST /databases/{db}/collections/{maps}/attributes/polygon with:
      """
      {"key": "zone", "required": false, "default": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends POST /databases/{db}/collections/{maps}/attributes/point with:
      """
      {"key": "spot", "required": true, "default": [1, 1]}
      """
    Then the request fails with 400 "attribute_default_unsupported"

  @id:spatial-update @op:databases.updatePointAttribute @op:databases.updateLineAttribute @op:databases.updatePolygonAttribute
  Scenario: Updating spatial attributes changes required, default and key
    Given a collection "maps"
    And "maps" has the attributes:
      | type    | key      | options            |
      | point   | location | {"required": true} |
      | line    | route    |                    |
      | polygon | area     | {"required": true} |
    When the server sends PATCH /databases/{db}/collections/{maps}/attributes/point/location with:
      """
      {"required": false, "default": [0, 0]}
      """
    Then the response status is 200
    And the response body matches:
      """
      {"key": "location", "type": "point", "required": false, "default": [0, 0]}
      """
    When the server sends PATCH /databases/{db}/collections/{maps}/attributes/line/route with:
      """
      {"required": false, "default": [[0, 0], [1, 1]]}
      """
    Then the response status is 200
    And the response field "default" is [[0, 0], [1, 1]]
    When the server sends PATCH /databases/{db}/collections/{maps}/attributes/polygon/area with:
      """
      {"required": false, "default": null, "newKey": "coverage"}
      """
    Then the response status is 200
    And the response field "key" is "coverage"
    When the server sends PATCH /databases/{db}/collections/{maps}/attributes/line/route with:
      """
      {"required": false, "default": [[0, 0]]}
      """
    Then the request fails with 400 "general_argument_invalid"
    When the server sends POST /databases/{db}/collections/{maps}/documents with:
      """
      {"documentId": "d1", "data": {"coverage": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]}}
      """
    Then the response status is 201
    And the response body matches:
      """
      {"location": [0, 0], "route": [[0, 0], [1, 1]], "coverage": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]}
      """

  @id:spatial-index @op:databases.createPointAttribute @op:databases.createIndex
  Scenario: A spatial index takes one required spatial attribute; other indexes refuse geometries
    Given a collection "places"
    And "places" has the attributes:
      | type   | key      | options            |
      | point  | required | {"required": true} |
      | point  | optional |                    |
      | string | name     | {"size": 32}       |
    When the server sends POST /databases/{db}/collections/{places}/indexes with:
      """
      {"key": "by_place", "type": "spatial", "attributes": ["required"]}
      """
    Then the response status is 202
    And the index "by_place" of "places" becomes available
    When the server sends POST /databases/{db}/collections/{places}/indexes with:
      """
      {"key": "by_optional", "type": "spatial", "attributes": ["optional"]}
      """
    Then the request fails with 400 "index_invalid"
    When the server sends POST /databases/{db}/collections/{places}/indexes with:
      """
      {"key": "by_name", "type": "spatial", "attributes": ["name"]}
      """
    Then the request fails with 400 "index_invalid"
    When the server sends POST /databases/{db}/collections/{places}/indexes with:
      """
      {"key": "plain", "type": "key", "attributes": ["required"]}
      """
    Then the request fails with 400 "index_invalid"
    When the server sends POST /databases/{db}/collections/{places}/indexes with:
      """
      {"key": "ordered", "type": "spatial", "attributes": ["required"], "orders": ["ASC"]}
      """
    Then the request fails with 400 "index_invalid"

  @id:spatial-distance-degrees @op:databases.createPointAttribute @op:databases.listDocuments
  Scenario: Without metres, distances are measured on the plane in degrees
    Given a collection "points"
    And "points" has the attributes:
      | type  | key | options            |
      | point | at  | {"required": true} |
    And "points" has the documents:
      """
      [{"$id": "p66", "at": [6, 6]}, {"$id": "p76", "at": [7, 6]}, {"$id": "p2525", "at": [25, 25]}]
      """
    When the server sends GET /databases/{db}/collections/{points}/documents with queries:
      """
      {"method": "distanceEqual", "attribute": "at", "values": [[[6, 6], 1, false]]}
      """
    Then the response lists the documents "p76" in any order
    When the server sends GET /databases/{db}/collections/{points}/documents with queries:
      """
      {"method": "distanceNotEqual", "attribute": "at", "values": [[[6, 6], 1, false]]}
      """
    Then the response lists the documents "p66, p2525" in any order
    When the server sends GET /databases/{db}/collections/{points}/documents with queries:
      """
      {"method": "distanceGreaterThan", "attribute": "at", "values": [[[6, 6], 5, false]]}
      """
    Then the response lists the documents "p2525" in any order
    When the server sends GET /databases/{db}/collections/{points}/documents with queries:
      """
      {"method": "distanceLessThan", "attribute": "at", "values": [[[6, 6], 0.5, false]]}
      """
    Then the response lists the documents "p66" in any order

  @id:spatial-distance-metres @op:databases.createPointAttribute @op:databases.listDocuments
  Scenario: With metres, distances are measured along the Earth (0.009 degrees of the equator is about 1,001 m)
    Given a collection "points"
    And "points" has the attributes:
      | type  | key | options            |
      | point | at  | {"required": true} |
    And "points" has the documents:
      """
      [{"$id": "origin", "at": [0, 0]}, {"$id": "east", "at": [0.009, 0]}]
      """
    When the server sends GET /databases/{db}/collections/{points}/documents with queries:
      """
      {"method": "distanceLessThan", "attribute": "at", "values": [[[0, 0], 1500, true]]}
      """
    Then the response lists the documents "origin, east" in any order
    When the server sends GET /databases/{db}/collections/{points}/documents with queries:
      """
      {"method": "distanceLessThan", "attribute": "at", "values": [[[0, 0], 500, true]]}
      """
    Then the response lists the documents "origin" in any order
    When the server sends GET /databases/{db}/collections/{points}/documents with queries:
      """
      {"method": "distanceGreaterThan", "attribute": "at", "values": [[[0, 0], 1000, true]]}
      """
    Then the response lists the documents "east" in any order
    When the server sends GET /databases/{db}/collections/{points}/documents with queries:
      """
      {"method": "distanceEqual", "attribute": "at", "values": [[[0, 0], 0, true]]}
      """
    Then the response lists the documents "origin" in any order
    When the server sends GET /databases/{db}/collections/{points}/documents with queries:
      """
      {"method": "distanceNotEqual", "attribute": "at", "values": [[[0, 0], 0, true]]}
      """
    Then the response lists the documents "east" in any order

  @id:spatial-polygon-predicates @op:databases.createPolygonAttribute @op:databases.listDocuments
  Scenario Outline: <method> on polygons (three squares: 0..10, 20..30 and 40..50)
    Given a collection "zones"
    And "zones" has the attributes:
      | type    | key  | options            |
      | polygon | area | {"required": true} |
    And "zones" has the documents:
      """
      [{"$id": "low", "area": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]},
       {"$id": "mid", "area": [[[20, 20], [30, 20], [30, 30], [20, 30], [20, 20]]]},
       {"$id": "high", "area": [[[40, 40], [50, 40], [50, 50], [40, 50], [40, 40]]]}]
      """
    When the server sends GET /databases/{db}/collections/{zones}/documents with queries:
      """
      {"method": "<method>", "attribute": "area", "values": [<geometry>]}
      """
    Then the response lists the documents "<ids>" in any order

    Examples:
      | method        | geometry                                                   | ids            |
      | intersects    | [5, 5]                                                     | low            |
      | intersects    | [[[5, 5], [25, 5], [25, 25], [5, 25], [5, 5]]]             | low, mid       |
      | notIntersects | [5, 5]                                                     | mid, high      |
      | notIntersects | [60, 60]                                                   | low, mid, high |
      | overlaps      | [[[5, 5], [12, 5], [12, 12], [5, 12], [5, 5]]]             | low            |
      | notOverlaps   | [[[5, 5], [12, 5], [12, 12], [5, 12], [5, 5]]]             | mid, high      |
      | touches       | [[[10, 10], [20, 10], [20, 20], [10, 20], [10, 10]]]       | low, mid       |
      | notTouches    | [[[10, 10], [20, 10], [20, 20], [10, 20], [10, 10]]]       | high           |
      | contains      | [45, 45]                                                   | high           |
      | notContains   | [45, 45]                                                   | low, mid       |
      | contains      | [10, 5]                                                    |                |
      | equal         | [[[20, 20], [30, 20], [30, 30], [20, 30], [20, 20]]]       | mid            |
      | notEqual      | [[[20, 20], [30, 20], [30, 30], [20, 30], [20, 20]]]       | low, high      |

  @id:spatial-line-predicates @op:databases.createLineAttribute @op:databases.listDocuments
  Scenario Outline: <method> on lines
    Given a collection "roads"
    And "roads" has the attributes:
      | type | key  | options            |
      | line | path | {"required": true} |
    And "roads" has the documents:
      """
      [{"$id": "diagonal", "path": [[1, 1], [1.5, 1.5], [2, 2]]},
       {"$id": "far", "path": [[10, 10], [20, 20]]}]
      """
    When the server sends GET /databases/{db}/collections/{roads}/documents with queries:
      """
      {"method": "<method>", "attribute": "path", "values": [<geometry>]}
      """
    Then the response lists the documents "<ids>" in any order

    Examples:
      | method     | geometry                  | ids            |
      | crosses    | [[1, 2], [2, 1]]          | diagonal       |
      | notCrosses | [[1, 2], [2, 1]]          | far            |
      | crosses    | [[0, 1], [0, 2]]          |                |
      | contains   | [1.5, 1.5]                | diagonal       |
      | touches    | [[2, 2], [3, 0]]          | diagonal       |
      | intersects | [[15, 0], [15, 30]]       | far            |

  @id:spatial-query-refused @op:databases.createPointAttribute @op:databases.listDocuments
  Scenario: Spatial queries need a spatial attribute, metres need points, and values must be geometries
    Given a collection "places"
    And "places" has the attributes:
      | type    | key  | options      |
      | point   | at   |              |
      | polygon | area |              |
      | string  | name | {"size": 32} |
    When the server sends GET /databases/{db}/collections/{places}/documents with queries:
      """
      {"method": "intersects", "attribute": "name", "values": [[1, 1]]}
      """
    Then the request fails with 400 "general_query_invalid"
    When the server sends GET /databases/{db}/collections/{places}/documents with queries:
      """
      {"method": "distanceLessThan", "attribute": "area", "values": [[[0, 0], 10, true]]}
      """
    Then the request fails with 400 "general_query_invalid"
    When the server sends GET /databases/{db}/collections/{places}/documents with queries:
      """
      {"method": "distanceLessThan", "attribute": "at", "values": [[0, 0]]}
      """
    Then the request fails with 400 "general_query_invalid"
    When the server sends GET /databases/{db}/collections/{places}/documents with queries:
      """
      {"method": "intersects", "attribute": "at", "values": ["here"]}
      """
    Then the request fails with 400 "general_query_invalid"
