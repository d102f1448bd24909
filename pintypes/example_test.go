package pintypes_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/pindownai/client-go/pintypes"
)

func printJSON(c pintypes.Config) {
	out, err := json.Marshal(c)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(string(out))
}

func ExampleMarkdown() {
	md := pintypes.Markdown{Content: "# Weekly report\n\n- Revenue up 18%"}
	fmt.Println(md.Validate())
	printJSON(md)
	// Output:
	// <nil>
	// {"content":"# Weekly report\n\n- Revenue up 18%"}
}

func ExampleStatCards() {
	cards := pintypes.StatCards{Cards: []pintypes.StatCard{
		{Title: "Users", Value: "1,234", Change: "+5%", Trend: pintypes.TrendUp},
		{Title: "Churn", Value: "2.1%", Change: "-0.4%", Trend: pintypes.TrendDown},
	}}
	fmt.Println(cards.Validate())
	printJSON(cards)
	// Output:
	// <nil>
	// {"cards":[{"title":"Users","value":"1,234","change":"+5%","trend":"up"},{"title":"Churn","value":"2.1%","change":"-0.4%","trend":"down"}]}
}

// Validate reports every problem at once, each with its field path.
func ExampleStatCards_Validate() {
	cards := pintypes.StatCards{Cards: []pintypes.StatCard{
		{Title: "Users", Value: "1,234", Trend: "sideways"},
		{Title: "Churn"},
	}}
	err := cards.Validate()
	fmt.Println(err)
	fmt.Println(errors.Is(err, pintypes.ErrInvalidConfig))
	var ve *pintypes.ValidationError
	if errors.As(err, &ve) {
		for _, fe := range ve.Errors {
			fmt.Printf("%s → %s\n", fe.Path, fe.Message)
		}
	}
	// Output:
	// invalid stat-cards config: cards[0].trend: must be one of up, down, neutral; cards[1].value: required
	// true
	// cards[0].trend → must be one of up, down, neutral
	// cards[1].value → required
}

func ExampleTable() {
	table := pintypes.Table{
		Columns: []pintypes.TableColumn{
			{ID: "product", Name: "Product", Type: pintypes.ColumnText},
			{ID: "sales", Name: "Sales", Type: pintypes.ColumnNumber},
		},
		Rows: []pintypes.Row{
			{"product": "Widget A", "sales": 1520},
			{"product": "Widget B", "sales": nil},
		},
	}
	fmt.Println(table.Validate())
	printJSON(table)

	table.Columns = append(table.Columns, pintypes.TableColumn{ID: "sales"})
	fmt.Println(table.Validate())
	// Output:
	// <nil>
	// {"columns":[{"id":"product","name":"Product","type":"text"},{"id":"sales","name":"Sales","type":"number"}],"rows":[{"product":"Widget A","sales":1520},{"product":"Widget B","sales":null}]}
	// invalid table config: columns[2].id: must be unique: "sales" is also the id of columns[1]
}

func ExampleCharts() {
	chart := pintypes.Charts{
		ChartType: pintypes.ChartLine,
		XKey:      "month",
		Series:    []pintypes.ChartSeries{{Key: "revenue", Label: "Revenue"}},
		Data: []map[string]any{
			{"month": "Jan", "revenue": 10},
			{"month": "Feb", "revenue": 12},
		},
	}
	fmt.Println(chart.Validate())
	printJSON(chart)
	// Output:
	// <nil>
	// {"chartType":"line","data":[{"month":"Jan","revenue":10},{"month":"Feb","revenue":12}],"xKey":"month","series":[{"key":"revenue","label":"Revenue"}]}
}

func ExampleTextMedia() {
	tm := pintypes.TextMedia{
		Title:        "Product launch",
		Text:         "Summary of the Q1 launch.",
		TextPosition: pintypes.TextLeft,
		MediaType:    pintypes.MediaImage,
		ImageConfig:  &pintypes.ImageConfig{URL: "https://example.com/launch.png", Alt: "Launch"},
	}
	fmt.Println(tm.Validate())
	printJSON(tm)

	tm.ImageConfig = nil
	fmt.Println(tm.Validate())
	// Output:
	// <nil>
	// {"title":"Product launch","text":"Summary of the Q1 launch.","textPosition":"left","mediaType":"image","imageConfig":{"url":"https://example.com/launch.png","alt":"Launch"}}
	// invalid text-media config: imageConfig.url: required when mediaType is image (or set imageConfig.fileId)
}

func ExampleKanbanBoard() {
	board := pintypes.KanbanBoard{Columns: []pintypes.KanbanColumn{
		{ID: "todo", Title: "To do", Cards: []pintypes.KanbanCard{
			{ID: "c1", Title: "Write docs", Labels: []string{"docs"}, Assignee: "sam"},
		}},
		{ID: "done", Title: "Done", Cards: []pintypes.KanbanCard{}},
	}}
	fmt.Println(board.Validate())
	printJSON(board)
	// Output:
	// <nil>
	// {"columns":[{"id":"todo","title":"To do","cards":[{"id":"c1","title":"Write docs","labels":["docs"],"assignee":"sam"}]},{"id":"done","title":"Done","cards":[]}]}
}

func ExampleCalendar() {
	standup := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	cal := pintypes.Calendar{Events: []pintypes.CalendarEvent{
		{ID: "e1", Title: "Standup", Start: pintypes.TimeOf(standup), End: pintypes.TimeOf(standup.Add(15 * time.Minute))},
		{ID: "e2", Title: "Holiday", Start: pintypes.DateOf(standup.AddDate(0, 0, 3)), AllDay: true},
		{ID: "e3", Title: "Backwards", Start: "2026-03-02T10:00:00Z", End: "2026-03-02T09:00:00Z"},
	}}
	fmt.Println(cal.Validate())
	// Output:
	// invalid calendar config: events[2].end: must not be before start
}

func ExampleChat() {
	chat := pintypes.Chat{Messages: []pintypes.ChatMessage{
		{Role: pintypes.RoleUser, Content: "Is the nightly build green?"},
		{Role: pintypes.RoleAssistant, Content: "Yes, all 412 tests passed.", Timestamp: "2026-03-01T10:00:00Z"},
		{Role: "tool", Content: "provisional enums are open: any role is accepted"},
	}}
	fmt.Println(chat.Validate())
	// Output:
	// <nil>
}

// Decode turns a pin_config from the API into its typed struct; fields the
// SDK does not model, explicit zero values and nulls survive re-encoding.
func ExampleDecode() {
	raw := json.RawMessage(`{"cards":[{"title":"Revenue","value":"$1","icon":"dollar"}],"layout":null}`)
	cfg, err := pintypes.Decode(pintypes.TypeStatCards, raw)
	if err != nil {
		fmt.Println(err)
		return
	}
	cards := cfg.(*pintypes.StatCards)
	fmt.Println(cards.Cards[0].Title, string(cards.Cards[0].Extra["icon"]))

	cards.Cards[0].Value = "$2"
	printJSON(cards)

	_, err = pintypes.Decode(pintypes.TypeChecklist, json.RawMessage(`{"items":[{"checked":"yes"}]}`))
	fmt.Println(err)
	// Output:
	// Revenue "dollar"
	// {"cards":[{"title":"Revenue","value":"$2","icon":"dollar"}],"layout":null}
	// invalid checklist config: items[0].checked: must be a boolean
}

// A pin of a type the SDK does not model decodes as a *Raw that keeps its
// JSON; a Raw of a known type is validated against that type's schema.
func ExampleRaw() {
	cfg, _ := pintypes.Decode("score-gauge", json.RawMessage(`{"score": 72, "max": 100}`))
	raw := cfg.(*pintypes.Raw)
	fmt.Println(raw.Type, string(raw.JSON))
	fmt.Println(raw.Validate())

	handWritten := pintypes.Raw{Type: pintypes.TypeStatCards, JSON: json.RawMessage(`{"cards": []}`)}
	fmt.Println(handWritten.Validate())
	// Output:
	// score-gauge {"score": 72, "max": 100}
	// invalid score-gauge config: pin_type: unknown pin type "score-gauge"; use one of pintypes.Types()
	// invalid stat-cards config: cards: must have at least 1 item
}

func ExampleTimeOf() {
	t := time.Date(2026, 1, 31, 10, 30, 0, 0, time.FixedZone("CET", 3600))
	fmt.Println(pintypes.TimeOf(t))
	fmt.Println(pintypes.DateOf(t))
	parsed, _ := pintypes.Time("2026-01-31").Parse()
	fmt.Println(parsed)
	// Output:
	// 2026-01-31T09:30:00Z
	// 2026-01-31
	// 2026-01-31 00:00:00 +0000 UTC
}
