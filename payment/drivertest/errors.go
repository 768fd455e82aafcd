package drivertest

import (
	"errors"

	"github.com/ozg-baukasten/baukasten/payment"
)

func asValidation(err error, ve **payment.ValidationError) bool { return errors.As(err, ve) }
