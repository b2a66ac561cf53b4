@storage @preview
Feature: Image previews
  GET …/preview renders an image file with optional transformations: `width` and `height`
  (0–4000; one alone keeps the aspect ratio, both crop to fill), `gravity` (where a crop is
  taken), `quality` (0–100, -1 keeps the codec default), `borderWidth` (0–100) and
  `borderColor`, `borderRadius` (0–4000), `opacity` (0–1), `rotation` (-360–360), `background`
  (a colour under transparent pixels) and `output` (jpg, jpeg, png, gif, webp, avif; by default
  the file's own format). Out-of-range values answer 400 `general_argument_invalid`.

  Returned images are decoded and checked for format, dimensions and pixel colours within a
  tolerance, never compared byte for byte: implementations use different encoders. The source
  image is generated in code: four flat quadrants, red top left, green top right, blue bottom
  left, white bottom right. AVIF output is not decoded; its `ftyp` brand and `ispe` size are read.

  Background:
    Given a bucket "pics" with:
      """
      {"permissions": ["read(\"any\")"]}
      """
    And a file "photo" in "pics" holding a 200x100 PNG image

  @id:storage-preview-default @op:storage.getFilePreview
  Scenario: Without parameters the preview is the image in its own format and size
    When a guest sends GET /storage/buckets/{pics}/files/{photo}/preview
    Then the response is a PNG image of 200x100 pixels
    And the image pixel at (50, 25) is close to #ff0000
    And the image pixel at (150, 25) is close to #00ff00
    And the image pixel at (50, 75) is close to #0000ff
    And the image pixel at (150, 75) is close to #ffffff

  @id:storage-preview-resize @op:storage.getFilePreview
  Scenario Outline: Resizing by <given> keeps the aspect ratio
    When a guest sends GET /storage/buckets/{pics}/files/{photo}/preview?<query>
    Then the response is a PNG image of 100x50 pixels
    And the image pixel at (25, 12) is close to #ff0000
    And the image pixel at (75, 37) is close to #ffffff

    Examples:
      | given        | query      |
      | width alone  | width=100  |
      | height alone | height=50  |

  @id:storage-preview-crop @op:storage.getFilePreview
  Scenario: Width and height together crop the middle to fill the box
    When a guest sends GET /storage/buckets/{pics}/files/{photo}/preview?width=50&height=50
    Then the response is a PNG image of 50x50 pixels
    And the image pixel at (10, 10) is close to #ff0000
    And the image pixel at (40, 10) is close to #00ff00
    And the image pixel at (10, 40) is close to #0000ff
    And the image pixel at (40, 40) is close to #ffffff

  @id:storage-preview-gravity-side @op:storage.getFilePreview
  Scenario Outline: Gravity <gravity> takes the crop from the <gravity> side
    When a guest sends GET /storage/buckets/{pics}/files/{photo}/preview?width=50&height=50&gravity=<gravity>
    Then the response is a PNG image of 50x50 pixels
    And the image pixel at (25, 10) is close to <top>
    And the image pixel at (25, 40) is close to <bottom>

    Examples:
      | gravity | top     | bottom  |
      | left    | #ff0000 | #0000ff |
      | right   | #00ff00 | #ffffff |

  @id:storage-preview-gravity-values @op:storage.getFilePreview
  Scenario Outline: Every documented gravity is accepted (<gravity>)
    When a guest sends GET /storage/buckets/{pics}/files/{photo}/preview?width=60&height=40&gravity=<gravity>
    Then the response is a PNG image of 60x40 pixels

    Examples:
      | gravity      |
      | center       |
      | top-left     |
      | top          |
      | top-right    |
      | left         |
      | right        |
      | bottom-left  |
      | bottom       |
      | bottom-right |

  @id:storage-preview-output @op:storage.getFilePreview
  Scenario Outline: output=<output> answers a <format> image
    When a guest sends GET /storage/buckets/{pics}/files/{photo}/preview?width=100&output=<output>
    Then the response is a <format> image of 100x50 pixels

    Examples:
      | output | format |
      | jpg    | JPEG   |
      | jpeg   | JPEG   |
      | png    | PNG    |
      | gif    | GIF    |
      | webp   | WebP   |
      | avif   | AVIF   |

  @id:storage-preview-output-colours @op:storage.getFilePreview
  Scenario Outline: Converted previews keep the picture (<output>)
    When a guest sends GET /storage/buckets/{pics}/files/{photo}/preview?output=<output>
    Then the response is a <format> image of 200x100 pixels
    And the image pixel at (50, 25) is close to #ff0000
    And the image pixel at (150, 75) is close to #ffffff

    Examples:
      | output | format |
      | jpg    | JPEG   |
      | gif    | GIF    |
      | webp   | WebP   |

  @id:storage-preview-source-formats @op:storage.getFilePreview
  Scenario Outline: A <format> source previews as <format> by default
    Given a file "source" in "pics" holding a 120x60 <format> image
    When a guest sends GET /storage/buckets/{pics}/files/{source}/preview?width=60
    Then the response is a <format> image of 60x30 pixels
    And the image pixel at (10, 5) is close to #ff0000

    Examples:
      | format |
      | JPEG   |
      | GIF    |
      | WebP   |

  @id:storage-preview-quality @op:storage.getFilePreview
  Scenario Outline: A lower quality gives a smaller <format>
    Given a file "noise" in "pics" holding a 256x256 noisy PNG image
    When a guest sends GET /storage/buckets/{pics}/files/{noise}/preview?output=<output>&quality=95
    Then the response is a <format> image of 256x256 pixels
    And the response body size is remembered as "high"
    When a guest sends GET /storage/buckets/{pics}/files/{noise}/preview?output=<output>&quality=10
    Then the response is a <format> image of 256x256 pixels
    And the response body is smaller than "high"

    Examples:
      | output | format |
      | jpg    | JPEG   |
      | webp   | WebP   |

  @id:storage-preview-border @op:storage.getFilePreview
  Scenario: A border surrounds the image in the border colour
    When a guest sends GET /storage/buckets/{pics}/files/{photo}/preview?width=100&borderWidth=5&borderColor=ff00ff
    Then the response is a PNG image of 110x60 pixels
    And every edge pixel of the image is close to #ff00ff
    And the image pixel at (2, 30) is close to #ff00ff
    And the image pixel at (20, 15) is close to #ff0000
    And the image pixel at (90, 45) is close to #ffffff

  @id:storage-preview-border-radius @op:storage.getFilePreview
  Scenario: Rounded corners are transparent
    Given a file "square" in "pics" holding a 100x100 PNG image
    When a guest sends GET /storage/buckets/{pics}/files/{square}/preview?borderRadius=40&output=png
    Then the response is a PNG image of 100x100 pixels
    And the image pixel at (0, 0) has alpha close to 0
    And the image pixel at (99, 99) has alpha close to 0
    And the image pixel at (25, 25) is close to #ff0000
    And the image pixel at (75, 75) is close to #ffffff

  @id:storage-preview-opacity @op:storage.getFilePreview
  Scenario Outline: Opacity <opacity> scales the alpha channel
    When a guest sends GET /storage/buckets/{pics}/files/{photo}/preview?opacity=<opacity>&output=png
    Then the response is a PNG image of 200x100 pixels
    And the image pixel at (50, 25) has alpha close to <alpha>
    And the image pixel at (150, 75) has alpha close to <alpha>

    Examples:
      | opacity | alpha |
      | 0.5     | 128   |
      | 0       | 0     |
      | 1       | 255   |

  @id:storage-preview-rotation @op:storage.getFilePreview
  Scenario Outline: Rotation by <rotation> degrees (clockwise for positive values)
    When a guest sends GET /storage/buckets/{pics}/files/{photo}/preview?rotation=<rotation>
    Then the response is a PNG image of <size> pixels
    And the image pixel at (<x>, <y>) is close to #ff0000

    Examples:
      | rotation | size    | x   | y   |
      | 90       | 100x200 | 75  | 50  |
      | -90      | 100x200 | 25  | 150 |
      | 270      | 100x200 | 25  | 150 |
      | 180      | 200x100 | 150 | 75  |
      | 360      | 200x100 | 50  | 25  |

  @id:storage-preview-rotation-oblique @op:storage.getFilePreview
  Scenario: An oblique rotation enlarges the canvas to hold the turned image
    When a guest sends GET /storage/buckets/{pics}/files/{photo}/preview?rotation=45&output=png
    Then the response is a PNG image
    And the image is larger than 200x100 pixels in both directions
    And the image pixel at (0, 0) has alpha close to 0

  @id:storage-preview-background @op:storage.getFilePreview
  Scenario Outline: The background colour fills transparent pixels (<output>)
    Given a file "cutout" in "pics" holding a 100x50 transparent PNG image
    When a guest sends GET /storage/buckets/{pics}/files/{cutout}/preview?background=ff0000&output=<output>
    Then the response is a <format> image of 100x50 pixels
    And the image pixel at (20, 25) is close to #ff0000
    And the image pixel at (80, 25) is close to #0000ff

    Examples:
      | output | format |
      | png    | PNG    |
      | jpg    | JPEG   |

  @id:storage-preview-transparent-kept @op:storage.getFilePreview
  Scenario: Without a background, transparency survives a PNG preview
    Given a file "cutout" in "pics" holding a 100x50 transparent PNG image
    When a guest sends GET /storage/buckets/{pics}/files/{cutout}/preview?width=50
    Then the response is a PNG image of 50x25 pixels
    And the image pixel at (10, 12) has alpha close to 0
    And the image pixel at (40, 12) is close to #0000ff

  @id:storage-preview-bounds @op:storage.getFilePreview
  Scenario Outline: Out-of-range parameters are refused (<query>)
    When a guest sends GET /storage/buckets/{pics}/files/{photo}/preview?<query>
    Then the request fails with 400 "general_argument_invalid"

    Examples:
      | query               |
      | width=4001          |
      | width=-1            |
      | height=4001         |
      | height=-1           |
      | gravity=middle      |
      | quality=101         |
      | quality=-2          |
      | borderWidth=101     |
      | borderWidth=-1      |
      | borderColor=zzzzzz  |
      | borderRadius=4001   |
      | borderRadius=-1     |
      | opacity=1.5         |
      | opacity=-0.1        |
      | rotation=361        |
      | rotation=-361       |
      | background=12345g   |
      | output=bmp          |

  @id:storage-preview-bounds-edges @op:storage.getFilePreview
  Scenario Outline: The limits themselves are accepted (<query>)
    When a guest sends GET /storage/buckets/{pics}/files/{photo}/preview?<query>
    Then the response status is 200
    And the response is a PNG image

    Examples:
      | query                      |
      | width=4000                 |
      | quality=0                  |
      | quality=100                |
      | borderWidth=100&borderColor=000000 |
      | rotation=-360              |
      | opacity=0                  |

  @id:storage-preview-transformations-disabled @op:storage.getFilePreview
  Scenario: A bucket without transformations refuses previews to clients, not to the server
    Given a bucket "raw" with:
      """
      {"permissions": ["read(\"any\")"], "transformations": false}
      """
    And a file "photo" in "raw" holding a 40x20 PNG image
    When a guest sends GET /storage/buckets/{raw}/files/{photo}/preview?width=20
    Then the request fails with 403 "storage_bucket_transformations_disabled"
    When a guest sends GET /storage/buckets/{raw}/files/{photo}/view
    Then the response status is 200
    When the server sends GET /storage/buckets/{raw}/files/{photo}/preview?width=20
    Then the response is a PNG image of 20x10 pixels

  # Appwrite renders the file-type icon of its own logo set for files it cannot decode;
  # only the kind of answer (a PNG image) is checked, not the icon.
  @id:storage-preview-non-image @op:storage.getFilePreview
  Scenario: A file that is no image previews as an icon
    Given a file "notes" in "pics" holding the text "not a picture"
    When a guest sends GET /storage/buckets/{pics}/files/{notes}/preview
    Then the response is a PNG image

  @id:storage-preview-at-rest @op:storage.getFilePreview
  Scenario Outline: Previews of files stored with <compression> compression and encryption
    Given a bucket "rest" with:
      """
      {"permissions": ["read(\"any\")"], "compression": "<compression>", "encryption": true}
      """
    And a file "photo" in "rest" holding a 200x100 PNG image
    When a guest sends GET /storage/buckets/{rest}/files/{photo}/preview?width=100&output=jpg
    Then the response is a JPEG image of 100x50 pixels
    And the image pixel at (25, 12) is close to #ff0000

    Examples:
      | compression |
      | gzip        |
      | zstd        |

  @id:storage-preview-unknown @op:storage.getFilePreview
  Scenario: Previews of unknown files and buckets
    When a guest sends GET /storage/buckets/{pics}/files/{new-id:missing}/preview
    Then the request fails with 404 "storage_file_not_found"
    When a guest sends GET /storage/buckets/{new-id:missing}/files/{new-id:missing}/preview
    Then the request fails with 404 "storage_bucket_not_found"

  # Appwrite 1.9.6 sets `Cache-Control: private, max-age=2592000` (30 days) on every preview
  # it renders (Files/Preview/Get.php, formatted by the cacheControlForStorage resource).
  @id:storage-preview-cache-control @op:storage.getFilePreview
  Scenario: A preview may be cached privately for 30 days
    When a guest sends GET /storage/buckets/{pics}/files/{photo}/preview?width=50
    Then the response is a PNG image of 50x25 pixels
    And the response header "Cache-Control" is "private, max-age=2592000"

  # Appwrite 1.9.6 has no error of its own for an image too large to decode: whatever its
  # image library refuses to read (Imagick's limits, a broken file) is 400
  # storage_file_type_unsupported (Files/Preview/Get.php). The file below is sniffed as
  # image/png (signature and IHDR) but declares 20000x20000 pixels and carries none.
  @id:storage-preview-undecodable @op:storage.getFilePreview
  Scenario: An image that cannot be decoded is refused, not rendered as an icon
    When the server uploads a PNG header declaring 20000x20000 pixels and no pixel data as "huge.png" to "pics"
    Then the response status is 201
    And the response field "mimeType" is "image/png"
    When a guest sends GET /storage/buckets/{pics}/files/{huge.png}/preview?width=100
    Then the request fails with 400 "storage_file_type_unsupported"
