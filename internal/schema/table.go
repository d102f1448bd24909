package schema

// This file is the table: the schemas of the 27 pin types as PIN_TYPES.md
// describes them. Edit it, then run `go generate ./...`.

// Field constructors keep the table short.

func str(json, goName, doc string) *Field {
	return &Field{JSON: json, Go: goName, Kind: KindString, Doc: doc}
}

func urlF(json, goName, doc string) *Field {
	return &Field{JSON: json, Go: goName, Kind: KindURL, Doc: doc}
}

func tim(json, goName, doc string) *Field {
	return &Field{JSON: json, Go: goName, Kind: KindTime, Doc: doc}
}

func boolean(json, goName, doc string) *Field {
	return &Field{JSON: json, Go: goName, Kind: KindBool, Doc: doc}
}

func integer(json, goName, doc string, min *int) *Field {
	return &Field{JSON: json, Go: goName, Kind: KindInt, Doc: doc, Min: min}
}

func anyJSON(json, goName, doc string) *Field {
	return &Field{JSON: json, Go: goName, Kind: KindAny, Doc: doc}
}

func object(json, goName, doc string, o *Object) *Field {
	return &Field{JSON: json, Go: goName, Kind: KindObject, Doc: doc, Object: o}
}

func list(json, goName, doc string, elem *Field) *Field {
	return &Field{JSON: json, Go: goName, Kind: KindList, Doc: doc, Elem: elem}
}

func listOf(json, goName, doc string, o *Object) *Field {
	return list(json, goName, doc, &Field{Kind: KindObject, Object: o})
}

func enum(f *Field, e *Enum) *Field {
	f.Enum = e
	return f
}

func required(f *Field) *Field {
	f.Required = true
	return f
}

// Enums.

var (
	trendEnum = &Enum{
		GoType: "Trend",
		Doc:    "Trend is the direction a stat card's change points. The API accepts only the three constants.",
		Strict: true,
		Values: []EnumValue{
			{"up", "TrendUp", "TrendUp shows the change as a rise."},
			{"down", "TrendDown", "TrendDown shows the change as a fall."},
			{"neutral", "TrendNeutral", "TrendNeutral shows the change without a direction."},
		},
	}
	textPositionEnum = &Enum{
		GoType: "TextPosition",
		Doc:    "TextPosition is the side of a text-media pin the text sits on. The API accepts only the two constants.",
		Strict: true,
		Values: []EnumValue{
			{"left", "TextLeft", "TextLeft puts the text left of the media."},
			{"right", "TextRight", "TextRight puts the text right of the media."},
		},
	}
	mediaTypeEnum = &Enum{
		GoType: "MediaType",
		Doc:    "MediaType is the kind of media a text-media pin shows. The API accepts only the two constants.",
		Strict: true,
		Values: []EnumValue{
			{"image", "MediaImage", "MediaImage shows TextMedia.ImageConfig."},
			{"embed", "MediaEmbed", "MediaEmbed shows TextMedia.EmbedConfig."},
		},
	}
	embedTypeEnum = &Enum{
		GoType: "EmbedType",
		Doc:    "EmbedType is the service an embedded page comes from. It is an open set: the constants name the values known today and any other value is accepted.",
		Values: []EnumValue{
			{"youtube", "EmbedYouTube", "EmbedYouTube is a YouTube video."},
			{"loom", "EmbedLoom", "EmbedLoom is a Loom recording."},
			{"figma", "EmbedFigma", "EmbedFigma is a Figma file."},
		},
	}
	columnTypeEnum = &Enum{
		GoType: "ColumnType",
		Doc:    "ColumnType is the type of a table column's values. It is an open set: the constants name the values seen so far and any other value is accepted.",
		Values: []EnumValue{
			{"text", "ColumnText", "ColumnText holds text."},
			{"number", "ColumnNumber", "ColumnNumber holds numbers."},
		},
	}
	chartTypeEnum = &Enum{
		GoType: "ChartType",
		Doc:    "ChartType is the kind of chart a charts pin draws. It is an open set (provisional): the constants name the values known today and any other value is accepted.",
		Values: []EnumValue{
			{"line", "ChartLine", "ChartLine draws lines."},
			{"bar", "ChartBar", "ChartBar draws bars."},
			{"area", "ChartArea", "ChartArea draws filled areas."},
			{"pie", "ChartPie", "ChartPie draws a pie."},
			{"donut", "ChartDonut", "ChartDonut draws a ring."},
			{"scatter", "ChartScatter", "ChartScatter draws points."},
		},
	}
	stepStatusEnum = &Enum{
		GoType: "StepStatus",
		Doc:    "StepStatus is the state of one step of a steps pin. It is an open set (provisional): the constants name the values known today and any other value is accepted.",
		Values: []EnumValue{
			{"pending", "StepPending", "StepPending is a step not started."},
			{"in_progress", "StepInProgress", "StepInProgress is a step under way."},
			{"done", "StepDone", "StepDone is a finished step."},
		},
	}
	chatRoleEnum = &Enum{
		GoType: "ChatRole",
		Doc:    "ChatRole is who wrote a chat message. It is an open set (provisional): the constants name the values known today and any other value is accepted.",
		Values: []EnumValue{
			{"user", "RoleUser", "RoleUser is a message from the user."},
			{"assistant", "RoleAssistant", "RoleAssistant is a message from the assistant."},
			{"system", "RoleSystem", "RoleSystem is a system message."},
		},
	}
)

// Nested objects, some shared by several types.

var (
	collaborationObj = &Object{
		GoName: "Collaboration",
		Doc:    "Collaboration is the live-collaboration setting of a pin.",
		Fields: []*Field{
			boolean("enabled", "Enabled", "Enabled turns live collaboration on. The server sets it when it seeds content."),
		},
	}
	// embedFields are shared by the embed pin and text-media's embedConfig.
	embedFields = []*Field{
		urlF("url", "URL", "URL is the embedded page."),
		enum(str("type", "Type", "Type is the service the page comes from, such as youtube, loom or figma."), embedTypeEnum),
		str("aspectRatio", "AspectRatio", "AspectRatio is the frame's shape, such as \"16:9\" or \"4:3\"."),
	}
	imageConfigObj = &Object{
		GoName: "ImageConfig",
		Doc:    "ImageConfig is the image of a text-media pin.",
		Fields: []*Field{
			urlF("url", "URL", "URL is the image. Required when the pin's mediaType is image, unless FileID is set."),
			str("alt", "Alt", "Alt is the image's alternative text."),
			str("fileId", "FileID", "FileID is an uploaded file; it may stand in for URL."),
		},
	}
	embedConfigObj = &Object{
		GoName: "EmbedConfig",
		Doc:    "EmbedConfig is the embedded page of a text-media pin.",
		Fields: embedFields,
	}
	statCardObj = &Object{
		GoName: "StatCard",
		Doc:    "StatCard is one card of a stat-cards pin.",
		Fields: []*Field{
			func() *Field {
				f := required(str("title", "Title", "Title is the card's label."))
				f.NonEmpty = true
				return f
			}(),
			required(str("value", "Value", "Value is the figure shown, already formatted, such as \"$125,430\".")),
			str("change", "Change", "Change is the change shown beside the value, such as \"+18.2%\"."),
			enum(str("trend", "Trend", "Trend is the direction of the change."), trendEnum),
		},
	}
	tableColumnObj = &Object{
		GoName: "TableColumn",
		Doc:    "TableColumn is one column of a table pin.",
		Fields: []*Field{
			func() *Field {
				f := required(str("id", "ID", "ID is the key the rows use for this column."))
				f.NonEmpty, f.Unique = true, true
				return f
			}(),
			func() *Field {
				f := str("name", "Name", "Name is the header text. Older pins send it as \"label\": decoding reads either, and a column decoded from \"label\" and left unchanged is written back as \"label\"; any other column is sent as \"name\".")
				f.Alias = "label"
				return f
			}(),
			enum(str("type", "Type", "Type is the type of the column's values, such as text or number."), columnTypeEnum),
		},
	}
	galleryImageObj = &Object{
		GoName: "GalleryImage",
		Doc:    "GalleryImage is one image of a gallery pin.",
		Fields: []*Field{
			urlF("url", "URL", "URL is the image."),
			str("fileId", "FileID", "FileID is an uploaded file standing in for URL."),
			str("alt", "Alt", "Alt is the image's alternative text."),
			str("caption", "Caption", "Caption is shown under the image."),
		},
	}
	chartSeriesObj = &Object{
		GoName: "ChartSeries",
		Doc:    "ChartSeries is one series of a charts pin.",
		Fields: []*Field{
			str("key", "Key", "Key is the member of each data point holding the series' values."),
			str("label", "Label", "Label is the series' name in the legend."),
			str("color", "Color", "Color is the series' color, such as \"#3b82f6\"."),
		},
	}
	timelineEventObj = &Object{
		GoName: "TimelineEvent",
		Doc:    "TimelineEvent is one event of a timeline pin.",
		Fields: []*Field{
			tim("date", "Date", "Date is when the event happens."),
			str("title", "Title", "Title names the event."),
			str("description", "Description", "Description tells more about the event."),
			str("status", "Status", "Status is the event's state, free text such as \"done\"."),
		},
	}
	linkObj = &Object{
		GoName: "Link",
		Doc:    "Link is one link of a links pin.",
		Fields: []*Field{
			str("title", "Title", "Title is the link's text."),
			urlF("url", "URL", "URL is where the link goes."),
			str("description", "Description", "Description is shown under the link."),
		},
	}
	stepObj = &Object{
		GoName: "Step",
		Doc:    "Step is one step of a steps pin.",
		Fields: []*Field{
			str("title", "Title", "Title names the step."),
			str("description", "Description", "Description tells more about the step."),
			enum(str("status", "Status", "Status is the step's state, such as pending, in_progress or done."), stepStatusEnum),
		},
	}
	acceptanceCriterionObj = &Object{
		GoName: "AcceptanceCriterion",
		Doc:    "AcceptanceCriterion is one given/when/then criterion of a user story.",
		Fields: []*Field{
			str("given", "Given", "Given is the starting situation."),
			str("when", "When", "When is the action."),
			str("then", "Then", "Then is the expected outcome."),
		},
	}
	chatMessageObj = &Object{
		GoName: "ChatMessage",
		Doc:    "ChatMessage is one message of a chat or mastra pin.",
		Fields: []*Field{
			enum(str("role", "Role", "Role is who wrote the message, such as user, assistant or system."), chatRoleEnum),
			str("content", "Content", "Content is the message text."),
			tim("timestamp", "Timestamp", "Timestamp is when the message was written."),
		},
	}
	introLinkObj = &Object{
		GoName: "IntroLink",
		Doc:    "IntroLink is one link of an intro pin.",
		Fields: []*Field{
			str("title", "Title", "Title is the link's text."),
			urlF("url", "URL", "URL is where the link goes."),
		},
	}
	uploadedFileObj = &Object{
		GoName: "UploadedFile",
		Doc:    "UploadedFile is one file of a file-upload pin.",
		Fields: []*Field{
			str("fileId", "FileID", "FileID is the uploaded file."),
			str("name", "Name", "Name is the file's name."),
			urlF("url", "URL", "URL is where the file can be downloaded."),
			integer("size", "Size", "Size is the file's size in bytes.", intp(0)),
			str("mimeType", "MimeType", "MimeType is the file's media type, such as \"text/csv\"."),
		},
	}
	kanbanCardObj = &Object{
		GoName: "KanbanCard",
		Doc:    "KanbanCard is one card of a kanban board column.",
		Fields: []*Field{
			str("id", "ID", "ID identifies the card."),
			str("title", "Title", "Title is the card's text."),
			str("description", "Description", "Description tells more about the card."),
			list("labels", "Labels", "Labels tag the card.", &Field{Kind: KindString}),
			str("assignee", "Assignee", "Assignee is who the card is assigned to."),
		},
	}
	kanbanColumnObj = &Object{
		GoName: "KanbanColumn",
		Doc:    "KanbanColumn is one column of a kanban-board pin.",
		Fields: []*Field{
			str("id", "ID", "ID identifies the column."),
			str("title", "Title", "Title is the column's header."),
			listOf("cards", "Cards", "Cards are the column's cards, top to bottom.", kanbanCardObj),
		},
	}
	checklistItemObj = &Object{
		GoName: "ChecklistItem",
		Doc:    "ChecklistItem is one item of a checklist pin.",
		Fields: []*Field{
			str("id", "ID", "ID identifies the item."),
			str("text", "Text", "Text is the item's text."),
			boolean("checked", "Checked", "Checked reports whether the item is done."),
		},
	}
	calendarEventObj = &Object{
		GoName: "CalendarEvent",
		Doc:    "CalendarEvent is one event of a calendar pin.",
		Fields: []*Field{
			str("id", "ID", "ID identifies the event."),
			str("title", "Title", "Title names the event."),
			tim("start", "Start", "Start is when the event begins."),
			tim("end", "End", "End is when the event ends."),
			boolean("allDay", "AllDay", "AllDay marks an event that lasts whole days."),
			str("description", "Description", "Description tells more about the event."),
		},
		Rules: []Rule{NotBefore{Field: "end", Other: "start"}},
	}
	roadmapItemObj = &Object{
		GoName: "RoadmapItem",
		Doc:    "RoadmapItem is one item of a roadmap pin.",
		Fields: []*Field{
			str("id", "ID", "ID identifies the item."),
			str("title", "Title", "Title names the item."),
			str("description", "Description", "Description tells more about the item."),
			str("status", "Status", "Status is the item's state, free text such as \"planned\"."),
			tim("start", "Start", "Start is when the work begins."),
			tim("end", "End", "End is when the work ends."),
			str("lane", "Lane", "Lane is the row of the roadmap the item sits in."),
		},
		Rules: []Rule{NotBefore{Field: "end", Other: "start"}},
	}
)

// The row of a table: column id → value.
var rowField = &Field{
	Kind:     KindMap,
	Named:    "Row",
	NamedDoc: "Row is one row of a table pin: column id → value. Values are strings, numbers, booleans or nil; numbers decoded from JSON are json.Number, so they stay exact.",
	Elem:     &Field{Kind: KindScalar},
}

// table holds the 27 schemas in the public reference's order.
var table = []*Schema{
	{
		Type: "markdown", TypeConst: "TypeMarkdown", Builder: "CreateMarkdown", Status: Documented,
		Root: &Object{
			GoName: "Markdown",
			Doc:    "Markdown is the pin_config of a markdown pin: a markdown document.",
			Fields: []*Field{
				str("content", "Content", "Content is the markdown body."),
				object("collaboration", "Collaboration", "Collaboration is the live-collaboration setting.", collaborationObj),
			},
		},
	},
	{
		Type: "image", TypeConst: "TypeImage", Builder: "CreateImage", Status: Provisional,
		Root: &Object{
			GoName: "Image",
			Doc:    "Image is the pin_config of an image pin: one picture.",
			Fields: []*Field{
				urlF("url", "URL", "URL is the image."),
				str("fileId", "FileID", "FileID is an uploaded file standing in for URL."),
				str("alt", "Alt", "Alt is the image's alternative text."),
				str("caption", "Caption", "Caption is shown under the image."),
				urlF("link", "Link", "Link is where a click on the image goes."),
			},
		},
	},
	{
		Type: "gallery", TypeConst: "TypeGallery", Builder: "CreateGallery", Status: Provisional,
		Root: &Object{
			GoName: "Gallery",
			Doc:    "Gallery is the pin_config of a gallery pin: a grid of pictures.",
			Fields: []*Field{
				listOf("images", "Images", "Images are the pictures, in order.", galleryImageObj),
				integer("columns", "Columns", "Columns is the number of grid columns.", nil),
			},
		},
	},
	{
		Type: "table", TypeConst: "TypeTable", Builder: "CreateTable", Status: Partial,
		Root: &Object{
			GoName: "Table",
			Doc:    "Table is the pin_config of a table pin: columns and rows of values.",
			Fields: []*Field{
				func() *Field {
					f := required(listOf("columns", "Columns", "Columns are the table's columns, left to right.", tableColumnObj))
					f.MinItems = 1
					return f
				}(),
				list("rows", "Rows", "Rows are the table's rows, top to bottom; each maps column ids to values.", rowField),
			},
		},
	},
	{
		Type: "charts", TypeConst: "TypeCharts", Builder: "CreateCharts", Status: Provisional,
		Root: &Object{
			GoName: "Charts",
			Doc:    "Charts is the pin_config of a charts pin: one chart of data points.",
			Fields: []*Field{
				enum(str("chartType", "ChartType", "ChartType is the kind of chart, such as line or bar."), chartTypeEnum),
				list("data", "Data", "Data are the data points; each maps keys (XKey and the series' keys) to values.",
					&Field{Kind: KindMap, Elem: &Field{Kind: KindAny}}),
				str("xKey", "XKey", "XKey is the member of each data point used for the x axis."),
				listOf("series", "Series", "Series are the series drawn.", chartSeriesObj),
				boolean("stacked", "Stacked", "Stacked stacks the series."),
			},
		},
	},
	{
		Type: "mermaid", TypeConst: "TypeMermaid", Builder: "CreateMermaid", Status: Partial,
		Root: &Object{
			GoName: "Mermaid",
			Doc:    "Mermaid is the pin_config of a mermaid pin: a diagram in Mermaid syntax.",
			Fields: []*Field{
				str("source", "Source", "Source is the diagram text, such as \"graph TD; A-->B\"."),
			},
		},
	},
	{
		Type: "embed", TypeConst: "TypeEmbed", Builder: "CreateEmbed", Status: Partial,
		Root: &Object{
			GoName: "Embed",
			Doc:    "Embed is the pin_config of an embed pin: an embedded page (its fields are those of TextMedia's EmbedConfig).",
			Fields: embedFields,
		},
	},
	{
		Type: "pdf-viewer", TypeConst: "TypePDFViewer", Builder: "CreatePDFViewer", Status: Provisional,
		Root: &Object{
			GoName: "PDFViewer",
			Doc:    "PDFViewer is the pin_config of a pdf-viewer pin: one PDF document.",
			Fields: []*Field{
				urlF("url", "URL", "URL is the document."),
				str("fileId", "FileID", "FileID is an uploaded file standing in for URL."),
				integer("page", "Page", "Page is the page shown first, counting from 1.", intp(1)),
			},
		},
	},
	{
		Type: "excel-viewer", TypeConst: "TypeExcelViewer", Builder: "CreateExcelViewer", Status: Provisional,
		Root: &Object{
			GoName: "ExcelViewer",
			Doc:    "ExcelViewer is the pin_config of an excel-viewer pin: one spreadsheet.",
			Fields: []*Field{
				urlF("url", "URL", "URL is the spreadsheet."),
				str("fileId", "FileID", "FileID is an uploaded file standing in for URL."),
				str("sheet", "Sheet", "Sheet is the name of the sheet shown."),
			},
		},
	},
	{
		Type: "stat-cards", TypeConst: "TypeStatCards", Builder: "CreateStatCards", Status: Partial,
		Root: &Object{
			GoName: "StatCards",
			Doc:    "StatCards is the pin_config of a stat-cards pin: a row of KPI cards.",
			Fields: []*Field{
				func() *Field {
					f := required(listOf("cards", "Cards", "Cards are the cards, in order.", statCardObj))
					f.MinItems = 1
					return f
				}(),
			},
		},
	},
	{
		Type: "timeline", TypeConst: "TypeTimeline", Builder: "CreateTimeline", Status: Provisional,
		Root: &Object{
			GoName: "Timeline",
			Doc:    "Timeline is the pin_config of a timeline pin: events along a time axis.",
			Fields: []*Field{
				listOf("events", "Events", "Events are the timeline's events.", timelineEventObj),
			},
		},
	},
	{
		Type: "json-viewer", TypeConst: "TypeJSONViewer", Builder: "CreateJSONViewer", Status: Provisional,
		Root: &Object{
			GoName: "JSONViewer",
			Doc:    "JSONViewer is the pin_config of a json-viewer pin: one JSON document shown as a tree.",
			Fields: []*Field{
				anyJSON("data", "Data", "Data is the document, any JSON value. Numbers decoded from JSON are json.Number, so they stay exact."),
				integer("expandDepth", "ExpandDepth", "ExpandDepth is how many levels are expanded at first.", intp(0)),
			},
		},
	},
	{
		Type: "json-list", TypeConst: "TypeJSONList", Builder: "CreateJSONList", Status: Provisional,
		Root: &Object{
			GoName: "JSONList",
			Doc:    "JSONList is the pin_config of a json-list pin: a list of JSON values.",
			Fields: []*Field{
				list("items", "Items", "Items are the values, any JSON. Numbers decoded from JSON are json.Number, so they stay exact.", &Field{Kind: KindAny}),
				str("titleKey", "TitleKey", "TitleKey is the member of object items used as their title."),
			},
		},
	},
	{
		Type: "links", TypeConst: "TypeLinks", Builder: "CreateLinks", Status: Provisional,
		Root: &Object{
			GoName: "Links",
			Doc:    "Links is the pin_config of a links pin: a list of links.",
			Fields: []*Field{
				listOf("links", "Links", "Links are the links, in order.", linkObj),
			},
		},
	},
	{
		Type: "steps", TypeConst: "TypeSteps", Builder: "CreateSteps", Status: Provisional,
		Root: &Object{
			GoName: "Steps",
			Doc:    "Steps is the pin_config of a steps pin: a sequence of steps and their state.",
			Fields: []*Field{
				listOf("steps", "Steps", "Steps are the steps, in order.", stepObj),
			},
		},
	},
	{
		Type: "csv-viewer", TypeConst: "TypeCSVViewer", Builder: "CreateCSVViewer", Status: Provisional,
		Root: &Object{
			GoName: "CSVViewer",
			Doc:    "CSVViewer is the pin_config of a csv-viewer pin: CSV data shown as a grid.",
			Fields: []*Field{
				str("csv", "CSV", "CSV is the data inline, as text."),
				urlF("url", "URL", "URL is the data, fetched by the pin."),
				str("fileId", "FileID", "FileID is an uploaded file holding the data."),
				func() *Field {
					f := str("delimiter", "Delimiter", "Delimiter is the field separator, such as \",\" or \"\\t\".")
					f.Chars = 1
					return f
				}(),
			},
		},
	},
	{
		Type: "user-story", TypeConst: "TypeUserStory", Builder: "CreateUserStory", Status: Provisional,
		Root: &Object{
			GoName: "UserStory",
			Doc:    "UserStory is the pin_config of a user-story pin: as a …, I want …, so that ….",
			Fields: []*Field{
				str("asA", "AsA", "AsA is the role the story is for."),
				str("iWant", "IWant", "IWant is what the role wants."),
				str("soThat", "SoThat", "SoThat is why."),
				listOf("acceptanceCriteria", "AcceptanceCriteria", "AcceptanceCriteria are the story's given/when/then criteria.", acceptanceCriterionObj),
				str("priority", "Priority", "Priority is free text such as \"high\"."),
				str("estimate", "Estimate", "Estimate is free text such as \"3\"."),
				urlF("source", "Source", "Source links to where the story comes from, such as the issue."),
			},
		},
	},
	{
		Type: "chat", TypeConst: "TypeChat", Builder: "CreateChat", Status: Provisional,
		Root: &Object{
			GoName: "Chat",
			Doc:    "Chat is the pin_config of a chat pin: a conversation.",
			Fields: []*Field{
				listOf("messages", "Messages", "Messages are the conversation, oldest first.", chatMessageObj),
			},
		},
	},
	{
		Type: "intro", TypeConst: "TypeIntro", Builder: "CreateIntro", Status: Provisional,
		Root: &Object{
			GoName: "Intro",
			Doc:    "Intro is the pin_config of an intro pin: a title card with links.",
			Fields: []*Field{
				str("title", "Title", "Title is the heading."),
				str("subtitle", "Subtitle", "Subtitle is shown under the heading."),
				str("description", "Description", "Description is the body text."),
				urlF("avatarUrl", "AvatarURL", "AvatarURL is the picture shown beside the heading."),
				listOf("links", "Links", "Links are the links, in order.", introLinkObj),
			},
		},
	},
	{
		Type: "mastra", TypeConst: "TypeMastra", Builder: "CreateMastra", Status: Provisional,
		Root: &Object{
			GoName: "Mastra",
			Doc:    "Mastra is the pin_config of a mastra pin: a run of a Mastra agent or workflow.",
			Fields: []*Field{
				str("agentId", "AgentID", "AgentID is the agent that ran."),
				str("workflowId", "WorkflowID", "WorkflowID is the workflow that ran."),
				str("runId", "RunID", "RunID identifies the run."),
				listOf("messages", "Messages", "Messages are the run's conversation, oldest first.", chatMessageObj),
				anyJSON("output", "Output", "Output is the run's result, any JSON value. Numbers decoded from JSON are json.Number, so they stay exact."),
			},
		},
	},
	{
		Type: "text-media", TypeConst: "TypeTextMedia", Builder: "CreateTextMedia", Status: Documented,
		Root: &Object{
			GoName: "TextMedia",
			Doc:    "TextMedia is the pin_config of a text-media pin: text beside an image or an embedded page.",
			Fields: []*Field{
				str("title", "Title", "Title is the heading."),
				str("text", "Text", "Text is the body text."),
				str("subtext", "Subtext", "Subtext is shown under the text."),
				enum(str("textPosition", "TextPosition", "TextPosition is the side the text sits on."), textPositionEnum),
				enum(str("mediaType", "MediaType", "MediaType is the kind of media shown."), mediaTypeEnum),
				object("imageConfig", "ImageConfig", "ImageConfig is the image, shown when MediaType is MediaImage.", imageConfigObj),
				object("embedConfig", "EmbedConfig", "EmbedConfig is the embedded page, shown when MediaType is MediaEmbed.", embedConfigObj),
			},
			Rules: []Rule{
				RequiredWhen{Field: "imageConfig.url", Alt: "imageConfig.fileId", When: "mediaType", Equals: "image"},
				RequiredWhen{Field: "embedConfig.url", When: "mediaType", Equals: "embed"},
			},
		},
	},
	{
		Type: "file-upload", TypeConst: "TypeFileUpload", Builder: "CreateFileUpload", Status: Provisional,
		Root: &Object{
			GoName: "FileUpload",
			Doc:    "FileUpload is the pin_config of a file-upload pin: a list of uploaded files.",
			Fields: []*Field{
				listOf("files", "Files", "Files are the files, in order.", uploadedFileObj),
			},
		},
	},
	{
		Type: "kanban-board", TypeConst: "TypeKanbanBoard", Builder: "CreateKanbanBoard", Status: Provisional,
		Root: &Object{
			GoName: "KanbanBoard",
			Doc:    "KanbanBoard is the pin_config of a kanban-board pin: columns of cards.",
			Fields: []*Field{
				listOf("columns", "Columns", "Columns are the board's columns, left to right.", kanbanColumnObj),
			},
		},
	},
	{
		Type: "checklist", TypeConst: "TypeChecklist", Builder: "CreateChecklist", Status: Provisional,
		Root: &Object{
			GoName: "Checklist",
			Doc:    "Checklist is the pin_config of a checklist pin: items to tick off.",
			Fields: []*Field{
				listOf("items", "Items", "Items are the checklist's items, in order.", checklistItemObj),
			},
		},
	},
	{
		Type: "calendar", TypeConst: "TypeCalendar", Builder: "CreateCalendar", Status: Provisional,
		Root: &Object{
			GoName: "Calendar",
			Doc:    "Calendar is the pin_config of a calendar pin: dated events.",
			Fields: []*Field{
				listOf("events", "Events", "Events are the calendar's events.", calendarEventObj),
			},
		},
	},
	{
		Type: "roadmap", TypeConst: "TypeRoadmap", Builder: "CreateRoadmap", Status: Provisional,
		Root: &Object{
			GoName: "Roadmap",
			Doc:    "Roadmap is the pin_config of a roadmap pin: items over time, in lanes.",
			Fields: []*Field{
				listOf("items", "Items", "Items are the roadmap's items.", roadmapItemObj),
			},
		},
	},
	{
		Type: "realtime-canvas", TypeConst: "TypeRealtimeCanvas", Builder: "CreateRealtimeCanvas", Status: Provisional,
		Root: &Object{
			GoName: "RealtimeCanvas",
			Doc:    "RealtimeCanvas is the pin_config of a realtime-canvas pin: a shared drawing surface.",
			Fields: []*Field{
				list("elements", "Elements", "Elements are the drawn elements, any JSON values. Numbers decoded from JSON are json.Number, so they stay exact.", &Field{Kind: KindAny}),
				object("collaboration", "Collaboration", "Collaboration is the live-collaboration setting.", collaborationObj),
			},
		},
	},
}
