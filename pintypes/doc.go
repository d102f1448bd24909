// Package pintypes holds the typed pin_config of the 27 pin types of the
// Pindown v1 Pins API, their validation and their decoding.
//
// Every pin type has a struct (Markdown, StatCards, Table, KanbanBoard, …)
// that implements Config, as a value or a pointer. Build one as a Go value
// and pass it to the client, which validates it before a request is spent;
// or call Validate yourself (Encode validates and returns the JSON to send
// in one step). Decode turns a pin_config received from the API into the
// matching struct.
//
// # Statuses
//
// The public reference documents only some schemas in full, so each type's
// doc comment, and each field's, gives its status:
//
//   - documented (markdown, text-media): fields and rules come from the
//     public reference and are validated strictly.
//   - partial (table, stat-cards, mermaid, embed): field names come from
//     documented examples; only what those make certain is validated (the
//     cards of stat-cards are required, table column ids are unique, …).
//   - provisional (the other 21): the reference names the type but not its
//     fields; the fields are this SDK's reading of what the pin shows. They
//     are typed so you get completion, but only the shape of what is sent is
//     checked: JSON kinds, absolute http(s) URLs, times in RFC 3339 or plain
//     YYYY-MM-DD dates, non-negative sizes and depths, pages from 1, end not
//     before start. A provisional field is never required and any value of
//     its enum is accepted (the constants name the values known today).
//
// Validation errors are a *ValidationError listing every problem with its
// field path, such as `cards[1].value: required`; they match
// ErrInvalidConfig.
//
// The structs keep unexported decoding state, so compare them with Equal
// (in tests, cmp.Comparer(pintypes.Equal)) rather than field by field.
//
// # Round-tripping
//
// A config decoded from the API and encoded again keeps its JSON value (not
// its spacing, nor the member order inside an Extra value): members a
// struct does not model are kept in its Extra map (at every nesting level),
// zero values, empty lists and nulls that were present are written back,
// and a table column decoded from the legacy "label" member is written back
// as "label". Zero values you never set are omitted. Set Extra entries to
// send fields this SDK does not know yet.
//
// Numbers inside free-form values (JSONViewer.Data, Table rows, chart data,
// …) decode as json.Number, so they stay exact.
//
// # Raw
//
// Pins of types this SDK does not model (legacy names such as "line-chart"
// or "score-gauge", or types newer than the SDK) decode as a *Raw that keeps
// the JSON byte for byte and writes it back unchanged. A Raw of a known type
// validates its JSON against that type's schema, so it is also a way to
// send hand-written JSON.
//
// # Generated code
//
// The structs, their JSON methods and the PinsService.CreateX builders of
// package pindown are generated from one table of schemas
// (internal/schema), which also drives validation. After editing the table,
// run `go generate ./...`.
package pintypes

//go:generate go run ../internal/gen
