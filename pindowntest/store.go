package pindowntest

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// pin is one stored pin. Its fields are guarded by Server.mu; id, owner and
// createdAt never change, so ownerIndex may order by them.
type pin struct {
	id, owner          string
	title, description string
	tags               []string // replaced, never mutated in place
	pinType            string
	layout             string          // "" when never set
	config             json.RawMessage // compact JSON object; replaced, never mutated in place
	isPublic           bool
	allowEdit          bool
	requireSignIn      bool
	allowComments      bool
	createdAt          int64 // epoch ms
	updatedAt          int64 // epoch ms
}

// pinBefore orders pins oldest first: by creation time, ties by id.
func pinBefore(a, b *pin) bool {
	if a.createdAt != b.createdAt {
		return a.createdAt < b.createdAt
	}
	return a.id < b.id
}

// indexBlock is the target size of one block of an ownerIndex. Blocks hold
// between 1 and 2*indexBlock pins.
const indexBlock = 256

// ownerIndex holds one owner's pins ordered oldest first, in sorted blocks, so
// that insert and delete cost O(log n + indexBlock) and a list page at any
// offset costs O(n/indexBlock + limit), whatever the order of creation times.
type ownerIndex struct {
	blocks [][]*pin // each sorted by pinBefore and non-empty; blocks in order
	n      int
}

// find returns the block that holds p, or would hold it, and p's position in it.
func (x *ownerIndex) find(p *pin) (bi, i int) {
	bi = sort.Search(len(x.blocks), func(i int) bool {
		b := x.blocks[i]
		return !pinBefore(b[len(b)-1], p)
	})
	if bi == len(x.blocks) {
		bi--
	}
	b := x.blocks[bi]
	i = sort.Search(len(b), func(i int) bool { return !pinBefore(b[i], p) })
	return bi, i
}

func (x *ownerIndex) insert(p *pin) {
	x.n++
	if len(x.blocks) == 0 {
		x.blocks = append(x.blocks, append(make([]*pin, 0, indexBlock), p))
		return
	}
	bi, i := x.find(p)
	b := slices.Insert(x.blocks[bi], i, p)
	if len(b) > 2*indexBlock {
		tail := make([]*pin, len(b)-indexBlock, 2*indexBlock)
		copy(tail, b[indexBlock:])
		clear(b[indexBlock:])
		b = b[:indexBlock]
		x.blocks = slices.Insert(x.blocks, bi+1, tail)
	}
	x.blocks[bi] = b
}

func (x *ownerIndex) remove(p *pin) {
	if len(x.blocks) == 0 {
		return
	}
	bi, i := x.find(p)
	b := x.blocks[bi]
	if i == len(b) || b[i] != p {
		return
	}
	x.n--
	b = slices.Delete(b, i, i+1)
	if len(b) == 0 {
		x.blocks = slices.Delete(x.blocks, bi, bi+1)
		return
	}
	x.blocks[bi] = b
}

// newestFirst returns up to limit pins, newest first, skipping the offset newest.
func (x *ownerIndex) newestFirst(offset, limit int) []*pin {
	out := make([]*pin, 0, max(0, min(limit, x.n-offset)))
	skip := offset
	for bi := len(x.blocks) - 1; bi >= 0 && len(out) < limit; bi-- {
		b := x.blocks[bi]
		if skip >= len(b) {
			skip -= len(b)
			continue
		}
		for i := len(b) - 1 - skip; i >= 0 && len(out) < limit; i-- {
			out = append(out, b[i])
		}
		skip = 0
	}
	return out
}

// pow36_12 is 36^12, the number of 12-character strings of base-36 digits.
const pow36_12 = 4738381338321616896

// random12 returns 12 base-36 digits (0-9, a-z) drawn uniformly from r.
func random12(r *rand.Rand) string {
	s := strconv.FormatUint(r.Uint64N(pow36_12), 36)
	return strings.Repeat("0", 12-len(s)) + s
}

// freshID returns prefix followed by 12 random characters from r, an id that
// is not yet a key of m.
func freshID[V any](m map[string]V, prefix string, r *rand.Rand) string {
	for {
		id := prefix + random12(r)
		if _, dup := m[id]; !dup {
			return id
		}
	}
}

// newRand returns a generator: seeded deterministically from seed and stream
// when seeded is true, randomly otherwise.
func newRand(seeded bool, seed int64, stream uint64) *rand.Rand {
	if !seeded {
		return rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	return rand.New(rand.NewPCG(uint64(seed), stream))
}
