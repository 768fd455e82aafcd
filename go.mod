module github.com/ozg-baukasten/baukasten

go 1.26
