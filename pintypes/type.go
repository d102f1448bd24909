package pintypes

// Type is a pin type, the API's pin_type, such as "stat-cards".
type Type string

// The 27 pin types of the v1 Pins API, in the order of the public reference.
const (
	TypeMarkdown       Type = "markdown"
	TypeImage          Type = "image"
	TypeGallery        Type = "gallery"
	TypeTable          Type = "table"
	TypeCharts         Type = "charts"
	TypeMermaid        Type = "mermaid"
	TypeEmbed          Type = "embed"
	TypePDFViewer      Type = "pdf-viewer"
	TypeExcelViewer    Type = "excel-viewer"
	TypeStatCards      Type = "stat-cards"
	TypeTimeline       Type = "timeline"
	TypeJSONViewer     Type = "json-viewer"
	TypeJSONList       Type = "json-list"
	TypeLinks          Type = "links"
	TypeSteps          Type = "steps"
	TypeCSVViewer      Type = "csv-viewer"
	TypeUserStory      Type = "user-story"
	TypeChat           Type = "chat"
	TypeIntro          Type = "intro"
	TypeMastra         Type = "mastra"
	TypeTextMedia      Type = "text-media"
	TypeFileUpload     Type = "file-upload"
	TypeKanbanBoard    Type = "kanban-board"
	TypeChecklist      Type = "checklist"
	TypeCalendar       Type = "calendar"
	TypeRoadmap        Type = "roadmap"
	TypeRealtimeCanvas Type = "realtime-canvas"
)

var types = [...]Type{
	TypeMarkdown, TypeImage, TypeGallery, TypeTable, TypeCharts, TypeMermaid, TypeEmbed,
	TypePDFViewer, TypeExcelViewer, TypeStatCards, TypeTimeline, TypeJSONViewer, TypeJSONList,
	TypeLinks, TypeSteps, TypeCSVViewer, TypeUserStory, TypeChat, TypeIntro, TypeMastra,
	TypeTextMedia, TypeFileUpload, TypeKanbanBoard, TypeChecklist, TypeCalendar, TypeRoadmap,
	TypeRealtimeCanvas,
}

// Types returns the 27 pin types the API accepts, in the public reference's order.
// The slice is a fresh copy on every call.
func Types() []Type {
	out := make([]Type, len(types))
	copy(out, types[:])
	return out
}

// Known reports whether t is one of the 27 types the API accepts.
// Legacy names such as "line-chart" are not known.
func (t Type) Known() bool {
	for _, k := range types {
		if k == t {
			return true
		}
	}
	return false
}

// Config is the typed pin_config of one pin type.
type Config interface {
	// PinType is the pin_type this config belongs to.
	PinType() Type
	// Validate checks the config against its type's schema and returns every
	// problem found, joined in one error that matches ErrInvalidConfig.
	Validate() error
}
