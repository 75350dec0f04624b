// Pulumi resources for AWS Proton. The resources are Pulumi dynamic resources: their runtime type token is `pulumi-nodejs:dynamic/proton:<Kind>`, while this schema names them `proton:index:<Kind>`.
package proton
